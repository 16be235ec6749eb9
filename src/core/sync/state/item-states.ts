// What this wallet last saw of each team-hub item (hub_item_state): its revision (a lower one later
// is a rollback), key version, and whether it is a tombstone (a tombstoned id never comes back).
// The only writer of hub_item_state. Prepared statements: every pulled item reads and writes a row.
import { perSession } from '../../db/per-session.js';
import type { VaultSession } from '../../vault/vault.js';

export interface ItemState {
  revision: number;
  keyVersion: number;
  deleted: boolean;
}

const statements = perSession(({ sqlite }) => ({
  get: sqlite.prepare<[string, string], { revision: number; key_version: number; deleted: number }>(
    `SELECT revision, key_version, deleted FROM hub_item_state WHERE hub_id = ? AND item_id = ?`,
  ),
  set: sqlite.prepare<[string, string, number, number, number]>(
    `INSERT INTO hub_item_state (hub_id, item_id, revision, key_version, deleted) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (hub_id, item_id) DO UPDATE SET revision = excluded.revision,
       key_version = excluded.key_version, deleted = excluded.deleted`,
  ),
  drop: sqlite.prepare<[string, string]>(`DELETE FROM hub_item_state WHERE hub_id = ? AND item_id = ?`),
  live: sqlite.prepare<[string], { item_id: string; revision: number }>(
    `SELECT item_id, revision FROM hub_item_state WHERE hub_id = ? AND deleted = 0 ORDER BY item_id`,
  ),
}));

export class ItemStates {
  constructor(private readonly session: () => VaultSession) {}

  get(hubId: string, itemId: string): ItemState | null {
    const row = statements(this.session()).get.get(hubId, itemId);
    return row ? { revision: row.revision, keyVersion: row.key_version, deleted: row.deleted === 1 } : null;
  }

  set(hubId: string, itemId: string, state: ItemState): void {
    statements(this.session()).set.run(
      hubId,
      itemId,
      state.revision,
      state.keyVersion,
      state.deleted ? 1 : 0,
    );
  }

  drop(hubId: string, itemId: string): void {
    statements(this.session()).drop.run(hubId, itemId);
  }

  /** The items the hub holds alive, as this wallet last saw them (rotation re-seals these). */
  live(hubId: string): { itemId: string; revision: number }[] {
    return statements(this.session())
      .live.all(hubId)
      .map((r) => ({ itemId: r.item_id, revision: r.revision }));
  }
}
