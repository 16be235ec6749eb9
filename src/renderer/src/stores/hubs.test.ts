// The hubs store over a fake service: joining adds the hub with its status, a bad code changes
// nothing, an invite code exists once and is forgotten on Done and on lock, sync refreshes the
// status, removal and leaving update what the screen shows.
import { describe, expect, it } from 'vitest';
import { fakeHubServices, GOOD_CODE, member, teamHub } from '../testing/hub-fakes';
import { createHubsStore } from './hubs';

const TEAM = teamHub({ id: 'team1111team', name: 'Platform' }, { role: 'admin', pendingChanges: 2 });

function setup(options: Parameters<typeof fakeHubServices>[0] = {}) {
  const fake = fakeHubServices(options);
  return { ...fake, store: createHubsStore({ services: fake.services }) };
}

describe('hubs store', () => {
  it('lists Personal and team hubs with their sync status', async () => {
    const { store } = setup({ hubs: [TEAM] });
    await store.getState().load();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().hubs.map((h) => [h.name, h.sync?.pendingChanges ?? null])).toEqual([
      ['Personal', null],
      ['Platform', 2],
    ]);
  });

  it('joins with an invite code and keeps nothing of the code', async () => {
    const { store } = setup();
    await store.getState().load();
    const hub = await store.getState().join(GOOD_CODE);
    expect(hub.name).toBe('Acme');
    expect(store.getState().hubs.map((h) => h.name)).toEqual(['Personal', 'Acme']);
    expect(JSON.stringify(store.getState())).not.toContain(GOOD_CODE);
  });

  it('rejects a bad code with the typed error and changes nothing', async () => {
    const { store } = setup({ hubs: [TEAM] });
    await store.getState().load();
    const before = store.getState().hubs;
    await expect(store.getState().join('aikey-invite:nope')).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(store.getState().hubs).toEqual(before);
  });

  it('shows an invite code once, then forgets it on Done and on lock', async () => {
    const { store, issuedCode } = setup({ hubs: [TEAM] });
    await store.getState().load();
    await store.getState().createInvite(TEAM.id, 'member');
    expect(store.getState().invite).toMatchObject({ code: issuedCode, hubName: 'Platform', role: 'member' });
    store.getState().dismissInvite();
    expect(JSON.stringify(store.getState())).not.toContain(issuedCode);

    await store.getState().createInvite(TEAM.id, 'admin');
    store.getState().reset();
    expect(JSON.stringify(store.getState())).not.toContain(issuedCode);
    expect(store.getState().hubs).toEqual([]);
  });

  it('refuses an invite from a plain member with NotHubAdmin', async () => {
    const plain = teamHub({ id: 'team3333team', name: 'Ops' });
    const { store } = setup({ hubs: [plain] });
    await store.getState().load();
    await expect(store.getState().createInvite(plain.id, 'member')).rejects.toMatchObject({
      code: 'NotHubAdmin',
    });
    expect(store.getState().invite).toBeNull();
  });

  it('syncs: the outbox empties and the last sync time updates', async () => {
    const { store } = setup({ hubs: [TEAM] });
    await store.getState().load();
    const pending = store.getState().sync(TEAM.id);
    expect(store.getState().syncing).toEqual([TEAM.id]);
    const result = await pending;
    expect(result).toMatchObject({ status: 'synced', pushed: 2 });
    expect(store.getState().syncing).toEqual([]);
    expect(store.getState().hubs[1]?.sync).toMatchObject({ pendingChanges: 0, lastSyncAt: 9 });
  });

  it('removes a member from the list it shows, and leaves a hub', async () => {
    const { store, calls } = setup({
      hubs: [TEAM],
      members: [
        member({ memberId: 'me', deviceName: 'laptop', role: 'admin', isYou: true }),
        member({ memberId: 'bob', deviceName: 'bob-desktop' }),
      ],
    });
    await store.getState().load();
    await store.getState().loadMembers(TEAM.id);
    expect(store.getState().members[TEAM.id]?.members).toHaveLength(2);

    await store.getState().removeMember(TEAM.id, 'bob');
    expect(store.getState().members[TEAM.id]?.members.map((m) => m.deviceName)).toEqual(['laptop']);

    await store.getState().leave(TEAM.id);
    expect(store.getState().hubs.map((h) => h.name)).toEqual(['Personal']);
    expect(store.getState().members[TEAM.id]).toBeUndefined();
    expect(calls).toEqual([`remove ${TEAM.id} bob`, `leave ${TEAM.id}`]);
  });

  it('says what went wrong when members cannot load', async () => {
    const { store } = setup({ hubs: [TEAM] });
    await store.getState().loadMembers('nothere00000');
    expect(store.getState().members['nothere00000']).toMatchObject({
      status: 'error',
      error: 'This wallet has not joined a team hub with that id.',
    });
  });
});
