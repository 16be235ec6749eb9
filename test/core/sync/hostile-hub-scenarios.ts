// A hub that lies or refuses, run once per hub backend beside the other sync scenarios: tampered
// ciphertext and rollbacks are reported and the good copy kept, a swapped member key is never
// wrapped to, and refusals reach the wallet as named errors that carry no device token.
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { AikeyError } from '#shared/errors.js';
import type { HubErrorBody, HubItem } from '#shared/hub-api.js';
import { newHubKey, wrapAndSignHubKey } from '#core/sync/hub-crypto.js';
import { HubClient } from '#core/sync/sync-client.js';
import type { Wallet } from '#core/wallet.js';
import { unlockedWallet } from '../../helpers/temp-wallet.js';
import { addKey, client, membershipsOf, name, secret, startTeam, type HubEnv } from './harness.js';

function flip(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[bytes.length - 20]! ^= 1;
  return bytes.toString('base64');
}

/** Rewrites one item in the hub's pull answers (a malicious hub). */
function rewriteItem(env: HubEnv, itemId: string, change: (item: HubItem) => HubItem): void {
  env.proxy.rewrite = (route, body) => {
    if (route.method !== 'GET' || !route.path.includes('/items?') || route.status !== 200) return body;
    const page = body as { items: HubItem[] };
    return { ...page, items: page.items.map((i) => (i.id === itemId ? change(i) : i)) };
  };
}

export function hostileHubScenarios(env: () => HubEnv): void {
  it('a malicious hub: tampered ciphertext and rollbacks are reported and the good copy kept', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const key = addKey(team.owner, team.hubId, name('target'));
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const good = b.keys.reveal(key.id);
    const revision1 = (await client(b, team.hubId).pull(0)).items[0] as HubItem;

    team.owner.keys.update({ id: key.id, secret: secret() });
    await team.owner.hubs.sync(team.hubId);
    rewriteItem(env(), key.id, (i) => ({ ...i, ciphertext: flip(i.ciphertext) }));
    const tampered = await b.hubs.sync(team.hubId);
    expect(tampered.reports.map((r) => r.kind)).toEqual(['tampered']);
    expect(b.keys.reveal(key.id)).toBe(good);

    // An old ciphertext replayed under a newer revision does not open either.
    team.owner.keys.update({ id: key.id, notes: 'revision 3' });
    await team.owner.hubs.sync(team.hubId);
    rewriteItem(env(), key.id, (i) => ({ ...i, ciphertext: revision1.ciphertext }));
    expect((await b.hubs.sync(team.hubId)).reports.map((r) => r.kind)).toEqual(['tampered']);
    expect(b.keys.reveal(key.id)).toBe(good);

    // Once the hub behaves again, a full re-read brings the genuine revision 3.
    env().proxy.rewrite = null;
    membershipsOf(b).update(team.hubId, { cursor: 0 });
    await b.hubs.sync(team.hubId);
    const current = b.keys.reveal(key.id);
    expect(current).toBe(team.owner.keys.reveal(key.id));
    expect(b.keys.get(key.id).notes).toBe('revision 3');

    // Rolling the item back to revision 1 (its genuine old ciphertext) is caught too.
    team.owner.keys.update({ id: key.id, notes: 'revision 4' });
    await team.owner.hubs.sync(team.hubId);
    rewriteItem(env(), key.id, (i) => ({ ...revision1, seq: i.seq }));
    const rolledBack = await b.hubs.sync(team.hubId);
    expect(rolledBack.reports.map((r) => r.kind)).toEqual(['rollback']);
    expect(b.keys.reveal(key.id)).toBe(current);
    expect(b.keys.get(key.id).notes).toBe('revision 3');
    env().proxy.rewrite = null;
    expect(b.hubs.reports(team.hubId).map((r) => r.kind)).toEqual(['rollback', 'tampered', 'tampered']);
  });

  it('a malicious hub: a swapped member public key is refused, never wrapped to', async () => {
    const team = await startTeam(env(), 2);
    const [b] = team.members as [Wallet, Wallet];
    const bId = b.hubs.memberships()[0]?.memberId ?? '';
    const attackerKey = randomBytes(32).toString('base64');
    env().proxy.rewrite = (route, body) => {
      if (!route.path.endsWith('/members') || route.status !== 200) return body;
      const list = body as { members: { memberId: string; encPub: string }[] };
      return {
        ...list,
        members: list.members.map((m) => (m.memberId === bId ? { ...m, encPub: attackerKey } : m)),
      };
    };
    try {
      const seen = await team.owner.hubs.members(team.hubId);
      expect(seen.find((m) => m.memberId === bId)?.trust).toBe('swapped_key');
      expect(team.owner.hubs.reports(team.hubId).map((r) => r.kind)).toEqual(['swapped_key']);
      await expect(team.owner.hubs.rotate(team.hubId)).rejects.toMatchObject({ code: 'HubTampered' });
      expect(team.owner.hubs.memberships()[0]?.keyVersion).toBe(1);

      // Swapping a joiner's keys on the way in breaks its invite proof: the inviter does not approve it.
      const d = await unlockedWallet();
      const invite = await team.owner.hubs.createInvite(team.hubId);
      const joined = await d.hubs.join(invite.code, { deviceName: 'Desk D' });
      const dId = joined.memberId;
      env().proxy.rewrite = (route, body) => {
        if (!route.path.endsWith('/members') || route.status !== 200) return body;
        const list = body as { members: { memberId: string; encPub: string }[] };
        return {
          ...list,
          members: list.members.map((m) => (m.memberId === dId ? { ...m, encPub: attackerKey } : m)),
        };
      };
      const synced = await team.owner.hubs.sync(team.hubId);
      expect(synced.approved).toBe(0);
      expect(synced.reports.map((r) => r.kind)).toEqual(['bad_proof']);
    } finally {
      env().proxy.rewrite = null;
    }
    expect((await team.owner.hubs.members(team.hubId)).find((m) => m.memberId === bId)?.trust).toBe(
      'verified',
    );
  });

  it('hub refusals reach the wallet as named errors, in its own words, never with a device token', async () => {
    const team = await startTeam(env(), 2);
    const [b] = team.members as [Wallet, Wallet];
    const d = await unlockedWallet();
    await d.hubs.join((await team.owner.hubs.createInvite(team.hubId)).code, { deviceName: 'Desk D' });
    const wallets = [team.owner, ...team.members, d];
    const tokens = wallets.map((w) => membershipsOf(w).deviceToken(team.hubId));
    // A hub that echoes the token it was sent in every refusal: the wallet does not pass its words on.
    env().proxy.rewrite = (route, body) => {
      if (route.status < 400) return body;
      const { error } = body as HubErrorBody;
      return { error: { ...error, message: `${error.message} ${tokens.join(' ')}` } };
    };
    const failures: unknown[] = [];
    const refused = async (attempt: Promise<unknown>, code: string) => {
      const failure = await attempt.then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AikeyError);
      expect(failure).toMatchObject({ code });
      failures.push(failure);
    };
    await refused(client(b, team.hubId).createInvite({ role: 'member' }), 'NotHubAdmin');
    await refused(client(d, team.hubId).pull(0), 'MemberPending');
    expect((await d.hubs.sync(team.hubId)).status).toBe('pending');
    const sealedUnderV7 = {
      id: randomUUID(),
      baseRevision: 0,
      ciphertext: randomBytes(64).toString('base64'),
      deleted: false,
      keyVersion: 7,
    };
    await refused(client(b, team.hubId).batchPush({ items: [sealedUnderV7] }), 'HubKeyChanged');
    // A rotation that leaves active members out is told the member set changed: a conflict.
    const me = (await team.owner.hubs.members(team.hubId)).find((m) => m.role === 'owner');
    const ownerId = me?.memberId ?? '';
    const onlyMe = wrapAndSignHubKey(
      newHubKey(),
      Buffer.from(me?.encPub ?? '', 'base64'),
      { hubId: team.hubId, memberId: ownerId, keyVersion: 2 },
      team.owner.hubs.identity.signingKey(),
    );
    await refused(
      client(team.owner, team.hubId).rotate({
        keyVersion: 2,
        wrappedKeys: [{ memberId: ownerId, signedBy: ownerId, ...onlyMe }],
        items: [],
      }),
      'HubConflict',
    );
    // An answer of the wrong shape, and a hub that cannot be reached, are not refusals.
    env().proxy.rewrite = (route, body) => (route.path.endsWith('/members') ? { members: 'none' } : body);
    await refused(client(b, team.hubId).members(), 'HubBadResponse');
    env().proxy.reset();
    await refused(
      new HubClient('http://127.0.0.1:1', team.hubId, tokens[1] ?? null).pull(0),
      'HubUnreachable',
    );
    for (const failure of failures) {
      const { message } = failure as AikeyError;
      for (const token of tokens) expect(message).not.toContain(token);
    }
    expect(team.owner.hubs.memberships()[0]?.keyVersion).toBe(1);
  });
}
