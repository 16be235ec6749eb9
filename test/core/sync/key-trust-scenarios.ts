// Who a wallet takes a hub key from, run once per hub backend beside the other sync scenarios.
// A hub that announces a rotation of its own (a key it chose, wrapped for a member) must get
// nothing sealed under that key; a member invited by an admin must trust the owner and take the
// rotations of the owner and of its admin. The pushes a member sends are watched on the way, as a
// malicious hub would see them.
import { randomBytes, randomUUID, sign, createPrivateKey } from 'node:crypto';
import { expect, it } from 'vitest';
import { type HubItem, type Member } from '#shared/hub-api.js';
import { decodeInviteCode, hubKeyWrapSignatureMessage } from '#shared/hub-protocol.js';
import { generateRawKeyPair, openItem, sealItem, wrapHubKey } from '#core/sync/hub-crypto.js';
import type { Wallet } from '#core/wallet.js';
import { unlockedWallet } from '../../helpers/temp-wallet.js';
import { addKey, live, name, secret, startTeam, type HubEnv } from './harness.js';

interface ForgedWrap {
  keyVersion: number;
  blob: string;
  signature: string;
  signedBy: string;
}

/** An Ed25519 key the hub holds: it can sign, but no wallet pinned it. */
function hubSigner() {
  const pair = generateRawKeyPair('Ed25519');
  // Signed through node:crypto on purpose: a hub's forgery is a valid RFC 8032 signature whatever made it.
  const key = createPrivateKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: pair.publicKey.toString('base64url'),
      d: pair.privateKey.toString('base64url'),
    },
    format: 'jwk',
  });
  return {
    signPub: pair.publicKey.toString('base64'),
    sign: (message: string) => sign(null, Buffer.from(message, 'utf8'), key).toString('base64'),
  };
}

/**
 * A hub that announces key version 2 (a key it chose, wrapped for one member), hands out an item
 * sealed under it, and optionally adds members of its own to the member list.
 */
function forgeRotation(env: HubEnv, wrap: ForgedWrap, planted: HubItem, extraMembers: Member[] = []): void {
  env.proxy.rewrite = (route, body) => {
    if (route.status !== 200 || route.method !== 'GET') return body;
    if (route.path.endsWith('/keys/mine')) {
      const mine = body as { keys: unknown[] };
      return { currentKeyVersion: wrap.keyVersion, keys: [...mine.keys, wrap] };
    }
    if (route.path.endsWith('/members')) {
      const list = body as { members: Member[] };
      return { ...list, members: [...list.members, ...extraMembers] };
    }
    if (route.path.includes('/items?')) {
      const page = body as { items: HubItem[]; cursor: number };
      return { ...page, items: [...page.items, { ...planted, seq: page.cursor }] };
    }
    return body;
  };
}

function memberIdOf(wallet: Wallet): string {
  return wallet.hubs.memberships()[0]?.memberId ?? '';
}

export function keyTrustScenarios(env: () => HubEnv): void {
  it('a malicious hub: a forged hub key rotation is refused and nothing is sealed under its key', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const [bId, ownerId] = [memberIdOf(b), memberIdOf(team.owner)];
    const members = await b.hubs.members(team.hubId);
    const bEncPub = Buffer.from(members.find((m) => m.memberId === bId)?.encPub ?? '', 'base64');
    const hubsKey = randomBytes(32);
    const blob = wrapHubKey(hubsKey, bEncPub, { hubId: team.hubId, memberId: bId, keyVersion: 2 });
    const message = hubKeyWrapSignatureMessage({ hubId: team.hubId, memberId: bId, keyVersion: 2, blob });
    const itemId = randomUUID();
    const payload = {
      provider: 'anthropic',
      name: name('planted by the hub'),
      secret: secret(),
      notes: null,
      baseUrl: null,
      expiresAt: null,
    };
    const planted: HubItem = {
      id: itemId,
      revision: 1,
      keyVersion: 2,
      deleted: false,
      updatedAt: 0,
      updatedBy: ownerId,
      seq: 0,
      ciphertext: sealItem(hubsKey, Buffer.from(JSON.stringify(payload)), {
        hubId: team.hubId,
        itemId,
        revision: 1,
        keyVersion: 2,
      }),
    };
    const pushed: { keyVersion: number; ciphertext: string; id: string }[] = [];
    env().proxy.observe = (route, body) => {
      if (route.method === 'POST' && route.path.endsWith('/items:batch'))
        pushed.push(...(JSON.parse(body) as { items: typeof pushed }).items);
    };
    const hub = hubSigner();
    // A fake admin the hub slipped into the member list, signed by itself.
    const fakeAdmin: Member = {
      ...(members.find((m) => m.memberId === bId) as Member),
      memberId: 'fakeadmin234',
      role: 'admin',
      deviceName: 'Hub admin',
      signPub: hub.signPub,
      signedBy: 'fakeadmin234',
    };
    fakeAdmin.signature = hub.sign('not a member record');
    const attempts: [string, ForgedWrap, Member[]][] = [
      [
        'claims the owner signed it',
        { keyVersion: 2, blob, signature: hub.sign(message), signedBy: ownerId },
        [],
      ],
      [
        'signed by an admin of its own',
        { keyVersion: 2, blob, signature: hub.sign(message), signedBy: fakeAdmin.memberId },
        [fakeAdmin],
      ],
    ];
    try {
      for (const [, wrap, extra] of attempts) {
        forgeRotation(env(), wrap, planted, extra);
        // The reports are recorded once per finding: the first attempt makes them, both are refused.
        expect((await b.hubs.sync(team.hubId)).status).toBe('synced');
        expect(b.hubs.memberships()[0]?.keyVersion).toBe(1);
        expect(live(b, team.hubId).some((k) => k.id === itemId)).toBe(false);

        // B keeps writing under the key its owner gave it; the hub cannot read what it sends.
        const mine = addKey(b, team.hubId, name('after a forged rotation'));
        expect((await b.hubs.sync(team.hubId)).pushed).toBe(1);
        const sent = pushed.filter((p) => p.id === mine.id);
        expect(sent.length).toBeGreaterThan(0);
        for (const p of sent) {
          expect(p.keyVersion).toBe(1);
          expect(() =>
            openItem(hubsKey, p.ciphertext, { hubId: team.hubId, itemId: p.id, revision: 1, keyVersion: 1 }),
          ).toThrow();
        }
      }
      expect((await b.hubs.members(team.hubId)).find((m) => m.memberId === fakeAdmin.memberId)?.trust).toBe(
        'unverified',
      );
      expect(b.hubs.reports(team.hubId).map((r) => [r.kind, r.itemId])).toEqual([
        ['tampered', itemId],
        ['tampered', null],
      ]);
      expect(b.hubs.reports(team.hubId)[1]?.detail).toMatch(/version 2 .* not signed by an admin or owner/);
    } finally {
      env().proxy.rewrite = null;
      env().proxy.observe = null;
    }
    // The honest hub again: A reads what B wrote meanwhile, and the hub never had key version 2.
    await team.owner.hubs.sync(team.hubId);
    expect(live(team.owner, team.hubId)).toHaveLength(2);
    expect((await b.hubs.sync(team.hubId)).reports).toEqual([]);
  });

  it('a member invited by an admin trusts the owner from its code and takes the owner’s and the admin’s rotations', async () => {
    const team = await startTeam(env(), 0);
    const { owner, hubId } = team;
    const admin = await unlockedWallet();
    await admin.hubs.join((await owner.hubs.createInvite(hubId, { role: 'admin' })).code, {
      deviceName: 'Admin X',
    });
    await owner.hubs.sync(hubId);
    await admin.hubs.sync(hubId);
    const c = await unlockedWallet();
    const invite = await admin.hubs.createInvite(hubId, { role: 'member' });
    const ownerKey = (await owner.hubs.members(hubId)).find((m) => m.role === 'owner')?.signPub;
    expect(decodeInviteCode(invite.code)).toMatchObject({ o: ownerKey });
    await c.hubs.join(invite.code, { deviceName: 'Desk C' });
    await admin.hubs.sync(hubId);
    await c.hubs.sync(hubId);
    expect((await c.hubs.members(hubId)).map((m) => [m.deviceName, m.role, m.trust])).toEqual([
      ['Laptop A', 'owner', 'verified'],
      ['Admin X', 'admin', 'verified'],
      ['Desk C', 'member', 'verified'],
    ]);
    const key = addKey(c, hubId, name('from C'));
    await c.hubs.sync(hubId);

    expect(await owner.hubs.rotate(hubId)).toEqual({ keyVersion: 2 });
    await c.hubs.sync(hubId);
    expect(c.hubs.memberships()[0]?.keyVersion).toBe(2);
    expect(await admin.hubs.rotate(hubId)).toEqual({ keyVersion: 3 });
    for (const wallet of [c, owner]) {
      const synced = await wallet.hubs.sync(hubId);
      expect(synced.reports).toEqual([]);
      expect(wallet.hubs.memberships()[0]?.keyVersion).toBe(3);
      expect(wallet.keys.reveal(key.id)).toBe(c.keys.reveal(key.id));
    }
  });
}
