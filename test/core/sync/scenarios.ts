// The team-hub sync scenarios, run once per hub backend (PGlite, PostgreSQL) by the *.test.ts files
// beside this one. Each test makes its own team on the shared hub and needs nothing an earlier test
// left behind; the database search at the end runs a story of its own on a hub of its own.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { EXIT, toCliError } from '#cli/exit-codes.js';
import { startEndpoint } from '#core/endpoint/server.js';
import type { Wallet } from '#core/wallet.js';
import { rawGet } from '../../helpers/http.js';
import { unlockedWallet } from '../../helpers/temp-wallet.js';
import { addKey, client, eventually, live, name, named, secret, startTeam, type HubEnv } from './harness.js';

export function syncScenarios(env: () => HubEnv): void {
  it('invite and join: the owner approves a member, both see each other verified', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const [ownerView, memberView] = [
      await team.owner.hubs.members(team.hubId),
      await b.hubs.members(team.hubId),
    ];
    expect(ownerView.map((m) => [m.deviceName, m.role, m.status, m.trust])).toEqual([
      ['Laptop A', 'owner', 'active', 'verified'],
      ['Desk B', 'member', 'active', 'verified'],
    ]);
    expect(memberView.every((m) => m.trust === 'verified')).toBe(true);
    expect(b.hubs.memberships()[0]).toMatchObject({ role: 'member', status: 'active', keyVersion: 1 });
    await expect(b.hubs.createInvite(team.hubId)).rejects.toMatchObject({ code: 'NotHubAdmin' });

    // A joiner stays pending, with no hub key, until the inviter's wallet approves it.
    const c = await unlockedWallet();
    const invite = await team.owner.hubs.createInvite(team.hubId, { role: 'member' });
    const joined = await c.hubs.join(invite.code, { deviceName: 'Desk C' });
    expect(joined).toMatchObject({ status: 'pending', keyVersion: 0 });
    await expect(c.hubs.join(invite.code)).rejects.toMatchObject({ code: 'InvalidInput' });
    const again = await unlockedWallet();
    // A used invite is a refusal with its own exit code (11), not "failed unexpectedly".
    const reused = await again.hubs.join(invite.code).then(
      () => null,
      (error: unknown) => toCliError(error),
    );
    expect([reused?.code, reused?.exitCode]).toEqual(['InvalidInvite', EXIT.hubRefused]);
    expect((await team.owner.hubs.sync(team.hubId)).approved).toBe(1);
    expect((await c.hubs.sync(team.hubId)).status).toBe('synced');
    expect(c.hubs.memberships()[0]).toMatchObject({ status: 'active', keyVersion: 1 });
  });

  it('syncs both ways; team keys work offline and through a token scoped to the team hub', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const created = addKey(team.owner, team.hubId, name('shared'));
    await team.owner.hubs.sync(team.hubId);
    expect((await b.hubs.sync(team.hubId)).pulled).toBe(1);
    expect(b.keys.reveal(created.id)).toBe(team.owner.keys.reveal(created.id));

    const rotated = secret();
    b.keys.update({ id: created.id, secret: rotated, notes: 'rotated by B' });
    const fromB = addKey(b, team.hubId, name('from B'));
    expect(b.hubs.memberships()[0]?.pendingChanges).toBe(2);
    await b.hubs.sync(team.hubId);
    await team.owner.hubs.sync(team.hubId);
    expect(team.owner.keys.reveal(created.id)).toBe(rotated);
    expect(team.owner.keys.get(created.id).notes).toBe('rotated by B');
    expect(team.owner.keys.reveal(fromB.id)).toBe(b.keys.reveal(fromB.id));

    team.owner.keys.remove(fromB.id);
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    expect(live(b, team.hubId).map((k) => k.id)).toEqual([created.id]);
    // Each wallet's audit log shows what the hub's changes did to its keys, and never a secret.
    // Changes queued in the same millisecond go out in item-id order, so only B's own sequence
    // (create, then delete) has an order to check; the owner's two entries are compared as a set.
    const bySync = (wallet: Wallet) =>
      wallet.audit
        .list({ actorType: 'app', actorName: 'sync: Team' })
        .entries.map((e) => [e.action, e.keyId, e.keyName, e.detail])
        .reverse();
    expect(bySync(b)).toEqual([
      ['key.create', created.id, created.name, null],
      ['key.delete', fromB.id, fromB.name, null],
    ]);
    expect(bySync(team.owner)).toEqual(
      expect.arrayContaining([
        ['key.update', created.id, created.name, null],
        ['key.create', fromB.id, fromB.name, null],
      ]),
    );
    expect(bySync(team.owner)).toHaveLength(2);
    for (const wallet of [b, team.owner])
      expect(JSON.stringify(wallet.audit.list({ limit: 500 }))).not.toContain(rotated);

    // The token endpoint serves a team key to a token scoped to that hub, and only to it.
    const personal = b.keys.create({ provider: 'anthropic', name: 'mine', secret: secret() });
    const teamOnly = b.tokens.create({ name: 'team only', scope: { hubs: [team.hubId] } }).token;
    const endpoint = await startEndpoint({ wallet: b, dataDir: b.vault.paths.dir, port: 0 });
    try {
      const auth = { Authorization: `Bearer ${teamOnly}` };
      const got = await rawGet(
        endpoint.port,
        `/v1/keys/anthropic?name=${encodeURIComponent(created.name)}`,
        auth,
      );
      expect(got.status).toBe(200);
      expect((got.json as { key: string; hub: string }).key).toBe(rotated);
      const other = await rawGet(endpoint.port, `/v1/keys/anthropic?name=${personal.name}`, auth);
      expect(other.status).toBe(404);
      const outside = await rawGet(endpoint.port, `/v1/keys/anthropic?name=mine&hub=Personal`, auth);
      expect(outside.status).toBe(403);
    } finally {
      await endpoint.close();
    }
  });

  it('offline edits on both sides: the stale one gets 409 and becomes a conflict copy', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const key = addKey(team.owner, team.hubId, name('edited twice'));
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const [fromA, fromB] = [secret(), secret()];
    team.owner.keys.update({ id: key.id, secret: fromA });
    b.keys.update({ id: key.id, secret: fromB });
    await team.owner.hubs.sync(team.hubId);
    expect((await b.hubs.sync(team.hubId)).conflicts).toBe(1);
    await team.owner.hubs.sync(team.hubId);
    for (const wallet of [team.owner, b]) {
      expect(wallet.keys.reveal(key.id)).toBe(fromA);
      const copy = named(wallet, team.hubId, `${key.name} (conflict from Desk B)`);
      expect(copy && wallet.keys.reveal(copy.id)).toBe(fromB);
      expect(live(wallet, team.hubId)).toHaveLength(2);
    }
  });

  it('a stale write is refused with 409 and the current item', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const key = addKey(team.owner, team.hubId, name('cas'));
    await team.owner.hubs.sync(team.hubId);
    team.owner.keys.update({ id: key.id, notes: 'second revision' });
    await team.owner.hubs.sync(team.hubId);
    const outcome = await client(b, team.hubId).push(key.id, {
      baseRevision: 1,
      ciphertext: Buffer.from('stale').toString('base64'),
      deleted: false,
      keyVersion: 1,
    });
    expect(outcome).toMatchObject({ status: 'conflict', current: { id: key.id, revision: 2 } });
  });

  it('delete against edit: the tombstone wins, never resurrects, and the edit is kept as a copy', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const first = addKey(team.owner, team.hubId, name('edit first'));
    const second = addKey(team.owner, team.hubId, name('delete first'));
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const [editOfFirst, editOfSecond] = [secret(), secret()];
    team.owner.keys.remove(first.id);
    b.keys.update({ id: first.id, secret: editOfFirst });
    team.owner.keys.remove(second.id);
    b.keys.update({ id: second.id, secret: editOfSecond });
    await b.hubs.sync(team.hubId); // B's edit of `first` lands first; A's delete of it then meets a 409
    await team.owner.hubs.sync(team.hubId); // A's delete of `second` lands first
    await b.hubs.sync(team.hubId);
    await team.owner.hubs.sync(team.hubId);
    for (const wallet of [team.owner, b]) {
      const names = live(wallet, team.hubId)
        .map((k) => k.name)
        .sort();
      expect(names).toEqual(
        [`${first.name} (conflict from Desk B)`, `${second.name} (conflict from Desk B)`].sort(),
      );
      const copies = live(wallet, team.hubId)
        .map((k) => wallet.keys.reveal(k.id))
        .sort();
      expect(copies).toEqual([editOfFirst, editOfSecond].sort());
    }
    // Restoring the deleted key on A brings it back under a new id; the tombstoned id stays dead.
    team.owner.keys.restore(second.id);
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const restored = named(b, team.hubId, second.name);
    expect(restored?.id).toBeDefined();
    expect(restored?.id).not.toBe(second.id);
    const { items } = await client(b, team.hubId).pull(0);
    expect(items.find((i) => i.id === second.id)?.deleted).toBe(true);
    expect(items.find((i) => i.id === first.id)?.deleted).toBe(true);
  });

  it('removing a member rotates the hub key; the removed device gets 401 and wipes its copy', async () => {
    const team = await startTeam(env(), 2);
    const [b, c] = team.members as [Wallet, Wallet];
    const keys = [
      addKey(team.owner, team.hubId, name('rotated')),
      addKey(team.owner, team.hubId, name('also')),
    ];
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    await c.hubs.sync(team.hubId);
    expect(live(b, team.hubId)).toHaveLength(2);
    const bId = b.hubs.memberships()[0]?.memberId ?? '';

    expect(await team.owner.hubs.removeMember(team.hubId, bId)).toEqual({ keyVersion: 2 });
    const { items } = await client(team.owner, team.hubId).pull(0);
    expect(items.map((i) => i.keyVersion)).toEqual([2, 2]);

    await expect(client(b, team.hubId).pull(0)).rejects.toMatchObject({ code: 'MemberRemoved' });
    expect((await b.hubs.sync(team.hubId)).status).toBe('removed');
    expect(b.hubs.memberships()).toEqual([]);
    expect(b.keys.list({ hubId: team.hubId })).toEqual([]);
    expect(b.keys.hubByRef(team.hubId)).toBeNull();

    // C still reads every item, now under key version 2, and keeps writing.
    await c.hubs.sync(team.hubId);
    expect(c.hubs.memberships()[0]?.keyVersion).toBe(2);
    for (const k of keys) expect(c.keys.reveal(k.id)).toBe(team.owner.keys.reveal(k.id));
    addKey(c, team.hubId, name('after rotation'));
    await c.hubs.sync(team.hubId);
    await team.owner.hubs.sync(team.hubId);
    expect(live(team.owner, team.hubId)).toHaveLength(3);

    await c.hubs.leave(team.hubId);
    expect(c.hubs.memberships()).toEqual([]);
    expect((await team.owner.hubs.members(team.hubId)).map((m) => m.status)).toEqual([
      'active',
      'removed',
      'left',
    ]);
  });

  it('live: a change on A reaches B without asking for a sync, across a dropped connection', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    team.owner.hubs.startLive(team.hubId);
    b.hubs.startLive(team.hubId);
    try {
      const key = addKey(team.owner, team.hubId, name('live'));
      await eventually(() => named(b, team.hubId, key.name) !== undefined, 'the key to reach B');
      const value = secret();
      b.keys.update({ id: key.id, secret: value });
      await eventually(() => team.owner.keys.reveal(key.id) === value, 'the edit to reach A');
      // A dropped stream reconnects by itself, and what changed meanwhile still arrives.
      env().proxy.dropConnections();
      const afterBlip = addKey(team.owner, team.hubId, name('after a blip'));
      await eventually(
        () => named(b, team.hubId, afterBlip.name) !== undefined,
        'the key to reach B after a blip',
      );
    } finally {
      team.owner.hubs.stopAll();
      b.hubs.stopAll();
    }
  });

  it('the hub database never holds a key value, a key name or a note', async () => {
    // A hub of its own, so the search covers exactly what this story put there.
    const own = await env().isolated();
    const planted: string[] = [];
    const plant = <T extends string>(value: T): T => {
      planted.push(value);
      return value;
    };
    try {
      const team = await startTeam(own, 2);
      const [b, c] = team.members as [Wallet, Wallet];
      const keys = [1, 2, 3].map((i) =>
        addKey(team.owner, team.hubId, plant(name(`leak ${i}`)), plant(secret())),
      );
      const [first, second, third] = keys as [
        (typeof keys)[number],
        (typeof keys)[number],
        (typeof keys)[number],
      ];
      team.owner.keys.update({ id: first.id, notes: plant(`note ${randomUUID()}`) });
      for (const wallet of [team.owner, b, c]) await wallet.hubs.sync(team.hubId);
      // An edit on each side (a conflict copy), a delete, a key from a member, then a removal that
      // re-seals every item under a new hub key.
      team.owner.keys.update({ id: second.id, secret: plant(secret()) });
      b.keys.update({ id: second.id, secret: plant(secret()) });
      await team.owner.hubs.sync(team.hubId);
      expect((await b.hubs.sync(team.hubId)).conflicts).toBe(1);
      b.keys.remove(third.id);
      addKey(c, team.hubId, plant(name('from C')), plant(secret()));
      await b.hubs.sync(team.hubId);
      await c.hubs.sync(team.hubId);
      await team.owner.hubs.removeMember(team.hubId, c.hubs.memberships()[0]?.memberId ?? '');
      await b.hubs.sync(team.hubId);
      expect(live(b, team.hubId)).toHaveLength(4);

      const dump = await own.dumpDatabase();
      expect(dump).toMatch(/items: [1-9]\d* rows/);
      expect(planted.length).toBeGreaterThan(10);
      for (const value of planted) expect(dump.includes(value)).toBe(false);
      expect(dump.includes('anthropic')).toBe(false);
    } finally {
      await own.close();
    }
  });
}
