// Two devices that, offline, each replace the same team key with a new one of the same name (the
// CLI has no in-place edit: remove, then add). Run once per hub backend beside the other sync
// scenarios. After they sync alternately, both hold one key under the original name (the same one:
// the item with the smaller id keeps the name, a rule both sides compute) and one conflict copy, so
// `get` by the original name works everywhere and no value is lost.
import { expect, it } from 'vitest';
import type { Wallet } from '#core/wallet.js';
import { addKey, live, name, secret, startTeam, type HubEnv } from './harness.js';

/** name -> value of a wallet's live keys in a hub. */
function values(wallet: Wallet, hubId: string): Record<string, string> {
  return Object.fromEntries(live(wallet, hubId).map((k) => [k.name, wallet.keys.reveal(k.id)]));
}

export function sameNameScenarios(env: () => HubEnv): void {
  it('two offline replacements of one key converge on the original name plus one conflict copy', async () => {
    const team = await startTeam(env());
    const [b] = team.members as [Wallet];
    const keyName = name('zk');
    const original = addKey(team.owner, team.hubId, keyName);
    await team.owner.hubs.sync(team.hubId);
    await b.hubs.sync(team.hubId);
    const replacements = new Map<Wallet, string>();
    for (const wallet of [team.owner, b]) {
      wallet.keys.remove(original.id);
      const value = secret();
      addKey(wallet, team.hubId, keyName, value);
      replacements.set(wallet, value);
    }
    for (let round = 0; round < 3; round += 1) {
      await team.owner.hubs.sync(team.hubId);
      await b.hubs.sync(team.hubId);
    }
    const [ownerView, memberView] = [values(team.owner, team.hubId), values(b, team.hubId)];
    expect(ownerView).toEqual(memberView);
    const names = Object.keys(ownerView).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe(keyName);
    expect(names[1]).toMatch(new RegExp(`^${keyName} \\(conflict from (Laptop A|Desk B)\\)$`));
    // Both new values survive: one under the name, one as the copy.
    expect(Object.values(ownerView).sort()).toEqual([...replacements.values()].sort());
    for (const wallet of [team.owner, b]) {
      const found = wallet.keys.findLiveWithSecret('anthropic', keyName, [team.hubId]);
      expect(found?.secret).toBe(ownerView[keyName]);
    }
  });
}
