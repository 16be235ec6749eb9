// Local work that happens while a push is on its way to the hub, run once per hub backend beside
// the other sync scenarios: an edit made mid-push goes out next, and one made while a conflicting
// push is in flight survives as the conflict copy. Each test makes its own team.
import { expect, it } from 'vitest';
import type { Wallet } from '#core/wallet.js';
import { addKey, name, named, secret, startTeam, type HubEnv } from './harness.js';

/** Runs `during` once, while the first batch push of the test is on its way to the hub. */
function duringNextPush(env: HubEnv, during: () => void): void {
  let done = false;
  env.proxy.observe = (route) => {
    if (done || route.method !== 'POST' || !route.path.endsWith('/items:batch')) return;
    done = true;
    during();
  };
}

export function inFlightScenarios(env: () => HubEnv): void {
  it('an edit made while a push is in flight is not lost: it goes out next', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const key = addKey(team.owner, team.hubId, name('edited mid-push'));
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const [first, second] = [secret(), secret()];
    team.owner.keys.update({ id: key.id, secret: first });
    try {
      duringNextPush(env(), () => team.owner.keys.update({ id: key.id, secret: second }));
      await team.owner.hubs.sync(team.hubId);
    } finally {
      env().proxy.observe = null;
    }
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    expect(team.owner.hubs.memberships()[0]?.pendingChanges).toBe(0);
    expect(team.owner.keys.reveal(key.id)).toBe(second);
    expect(b.keys.reveal(key.id)).toBe(second);
  });

  it('an edit made while a conflicting push is in flight survives as the conflict copy', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const key = addKey(team.owner, team.hubId, name('contested mid-push'));
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const [fromB, first, second] = [secret(), secret(), secret()];
    b.keys.update({ id: key.id, secret: fromB });
    await b.hubs.sync(team.hubId);
    team.owner.keys.update({ id: key.id, secret: first });
    try {
      duringNextPush(env(), () => team.owner.keys.update({ id: key.id, secret: second }));
      expect((await team.owner.hubs.sync(team.hubId)).conflicts).toBe(1);
    } finally {
      env().proxy.observe = null;
    }
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    for (const wallet of [team.owner, b]) {
      expect(wallet.keys.reveal(key.id)).toBe(fromB);
      const copy = named(wallet, team.hubId, `${key.name} (conflict from Laptop A)`);
      expect(copy && wallet.keys.reveal(copy.id)).toBe(second);
    }
  });
}
