// What a device keeps when it stops belonging to a team hub (removed, or leaving): before the
// hub's local copy is wiped, every key with work that never reached the hub (an edit still in the
// outbox, or a key never pushed) moves to the Personal hub as "<name> (from <hub name>)", so no
// local work is lost. Keys the hub already holds are not kept: they were the team's, not ours.
// It must never send anything anywhere; it only rewrites rows of this vault.
import type { AuditLog } from '../audit/audit-log.js';
import type { VaultSession } from '../vault/vault.js';
import type { LocalItems } from './local-items.js';
import type { HubStores } from './state/hub-stores.js';

/** Copies a hub's unpushed keys into Personal, then wipes the hub's local copy, in one transaction. */
export function rescueThenWipe(
  session: () => VaultSession,
  stores: HubStores,
  items: LocalItems,
  audit: AuditLog,
  hubId: string,
  now: () => number,
): void {
  const { personalHubId } = session();
  const hubName = stores.memberships.hubName(hubId);
  const label = `from ${hubName.replace(/[^\p{L}\p{N} ._@-]/gu, '').trim() || 'a team hub'}`;
  stores.atomically(() => {
    for (const id of items.liveIds(hubId)) {
      if (stores.outbox.queued(hubId, id) !== 'upsert' && stores.itemStates.get(hubId, id) !== null) continue;
      const local = items.read(hubId, id);
      if (!local || local.deleted) continue;
      const name = items.freeName(personalHubId, local.payload.provider, local.payload.name, label);
      const copyId = items.insertCopy(personalHubId, local.payload, name, now());
      audit.record({
        actor: { type: 'app', name: `sync: ${hubName}`.slice(0, 64) },
        action: 'key.create',
        result: 'ok',
        target: { keyId: copyId, hubId: personalHubId, provider: local.payload.provider, keyName: name },
        detail: 'kept: not yet on the hub this device left',
      });
    }
    stores.memberships.forget(hubId);
  });
}
