// What a wallet does when the members or the hub key change under it, run once per hub backend
// beside the other sync scenarios: a removed member the hub lists again, a removed device's
// unpushed work, a newcomer approved after a rotation, and an item sealed under a hub key this
// device does not hold yet. Each test makes its own team; the proxy is honest again before each.
import { expect, it } from 'vitest';
import type { HubItem, Member } from '#shared/hub-api.js';
import type { Wallet } from '#core/wallet.js';
import { unlockedWallet } from '../../helpers/temp-wallet.js';
import { addKey, name, named, secret, startTeam, type HubEnv } from './harness.js';

export function removalAndRotationScenarios(env: () => HubEnv): void {
  it('a hub that lists a removed member as active again: the new hub key is not wrapped for it', async () => {
    const team = await startTeam(env(), 2);
    const [b, c] = team.members as [Wallet, Wallet];
    const key = addKey(team.owner, team.hubId, name('after removal'));
    await team.owner.hubs.sync(team.hubId);
    const bId = b.hubs.memberships()[0]?.memberId ?? '';
    const cId = c.hubs.memberships()[0]?.memberId ?? '';
    const wrappedFor: string[] = [];
    env().proxy.rewrite = (route, body) => {
      if (route.method !== 'GET' || !route.path.endsWith('/members') || route.status !== 200) return body;
      const list = body as { members: Member[] };
      return {
        ...list,
        members: list.members.map((m) => (m.memberId === bId ? { ...m, status: 'active' } : m)),
      };
    };
    env().proxy.observe = (route, sent) => {
      if (route.method !== 'POST' || !route.path.endsWith('/rotate')) return;
      const rotation = JSON.parse(sent) as { wrappedKeys: { memberId: string }[] };
      wrappedFor.push(...rotation.wrappedKeys.map((w) => w.memberId));
    };
    try {
      expect(await team.owner.hubs.removeMember(team.hubId, bId)).toEqual({ keyVersion: 2 });
      // Later rotations keep it out too, and the member view never calls it verified again.
      expect(await team.owner.hubs.rotate(team.hubId)).toEqual({ keyVersion: 3 });
      const view = await team.owner.hubs.members(team.hubId);
      expect(view.find((m) => m.memberId === bId)?.trust).toBe('gone');
    } finally {
      env().proxy.rewrite = null;
      env().proxy.observe = null;
    }
    const ownerId = team.owner.hubs.memberships()[0]?.memberId ?? '';
    expect(wrappedFor.sort()).toEqual([ownerId, ownerId, cId, cId].sort());
    const reports = team.owner.hubs.reports(team.hubId);
    expect(reports.some((r) => r.kind === 'tampered' && r.memberId === bId)).toBe(true);
    await c.hubs.sync(team.hubId);
    expect(c.hubs.memberships()[0]?.keyVersion).toBe(3);
    expect(c.keys.reveal(key.id)).toBe(team.owner.keys.reveal(key.id));
  });

  it('an admin approves a newcomer after the owner rotated, and its sync still pushes and pulls', async () => {
    const team = await startTeam(env());
    const b = await unlockedWallet();
    await b.hubs.join((await team.owner.hubs.createInvite(team.hubId, { role: 'admin' })).code, {
      deviceName: 'Admin B',
    });
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const newcomer = await unlockedWallet();
    await newcomer.hubs.join((await b.hubs.createInvite(team.hubId, { role: 'member' })).code, {
      deviceName: 'Newcomer',
    });
    expect(await team.owner.hubs.rotate(team.hubId)).toEqual({ keyVersion: 2 });
    const fromB = addKey(b, team.hubId, name('written by the admin'));
    const synced = await b.hubs.sync(team.hubId);
    expect(synced).toMatchObject({ status: 'synced', approved: 1, pushed: 1 });
    expect((await newcomer.hubs.sync(team.hubId)).status).toBe('synced');
    expect(newcomer.hubs.memberships()[0]?.keyVersion).toBe(2);
    expect(newcomer.keys.reveal(fromB.id)).toBe(b.keys.reveal(fromB.id));
    await team.owner.hubs.sync(team.hubId);
    expect(team.owner.keys.reveal(fromB.id)).toBe(b.keys.reveal(fromB.id));
  });

  it('a removed device keeps its unpushed work in Personal when the hub copy is wiped', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const [shared, untouched] = [
      addKey(team.owner, team.hubId, name('edited offline')),
      addKey(team.owner, team.hubId, name('untouched')),
    ];
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const edit = secret();
    b.keys.update({ id: shared.id, secret: edit });
    const offline = addKey(b, team.hubId, name('never pushed'));
    const freshSecret = b.keys.reveal(offline.id);
    await team.owner.hubs.removeMember(team.hubId, b.hubs.memberships()[0]?.memberId ?? '');
    expect((await b.hubs.sync(team.hubId)).status).toBe('removed');
    expect(b.hubs.memberships()).toEqual([]);
    const personal = b.keys.list().filter((k) => k.hubId !== team.hubId);
    const kept = (keyName: string) => personal.find((k) => k.name === `${keyName} (from Team)`);
    expect(kept(shared.name) && b.keys.reveal(kept(shared.name)?.id ?? '')).toBe(edit);
    expect(kept(offline.name) && b.keys.reveal(kept(offline.name)?.id ?? '')).toBe(freshSecret);
    expect(kept(untouched.name)).toBeUndefined();
  });

  it('an item held back for a hub key this device lacks is not skipped for good', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const key = addKey(team.owner, team.hubId, name('held back'));
    await team.owner.hubs.sync(team.hubId);
    env().proxy.rewrite = (route, body) => {
      if (route.method !== 'GET' || !route.path.includes('/items?') || route.status !== 200) return body;
      const page = body as { items: HubItem[] };
      return { ...page, items: page.items.map((i) => (i.id === key.id ? { ...i, keyVersion: 9 } : i)) };
    };
    try {
      const held = await b.hubs.sync(team.hubId);
      expect(held.reports.map((r) => [r.kind, r.itemId])).toEqual([['tampered', key.id]]);
      expect(named(b, team.hubId, key.name)).toBeUndefined();
    } finally {
      env().proxy.rewrite = null;
    }
    await b.hubs.sync(team.hubId);
    expect(b.keys.reveal(key.id)).toBe(team.owner.keys.reveal(key.id));
  });
}
