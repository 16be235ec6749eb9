// What item sync needs to know about one hub for one run (HubContext). Hub keys are opened once per
// run, not once per item, and wiped when the run releases the context or refreshes its keys, so no
// opened hub key outlives the run.
import type { HubKeyring } from './hub-keyring.js';
import type { DeviceIdentity } from './identity.js';
import type { HubContext } from './item-sync.js';
import type { TrustedMember } from './member-trust.js';
import type { HubStores } from './state/hub-stores.js';
import type { HubClient } from './sync-client.js';

export function openRunContext(
  stores: HubStores,
  keyring: HubKeyring,
  identity: DeviceIdentity,
  run: { hubId: string; client: HubClient; members: readonly TrustedMember[] },
): HubContext & { release(): void } {
  const { hubId, client } = run;
  const { memberships, hubKeys, pins } = stores;
  const names = new Map(run.members.map((m) => [m.memberId, m.deviceName]));
  const opened = new Map<number, Buffer | null>();
  const wipeOpened = () => {
    for (const key of opened.values()) key?.fill(0);
    opened.clear();
  };
  let keyVersion = memberships.get(hubId).currentKeyVersion;
  return {
    hubId,
    hubName: memberships.hubName(hubId),
    client,
    deviceName: identity.ensure().deviceName,
    currentKeyVersion: () => keyVersion,
    hubKey: (version) => {
      if (!opened.has(version)) opened.set(version, hubKeys.open(hubId, version));
      return opened.get(version) ?? null;
    },
    refreshKeys: async () => {
      await keyring.refreshKeys(hubId, client);
      wipeOpened();
      keyVersion = memberships.get(hubId).currentKeyVersion;
    },
    memberName: (memberId) =>
      names.get(memberId) ?? pins.pinned(hubId).get(memberId)?.deviceName ?? 'another device',
    release: wipeOpened,
  };
}
