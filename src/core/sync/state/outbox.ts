// The outbox: local changes to team-hub keys not yet on the hub, one row of sync_outbox per item
// (the latest change wins). The only writer of sync_outbox. queued_at grows on every new change to
// an item, so a push dequeues only what it sent and an edit made while it was in flight goes next.
// Prepared statements: KeyStore's change hook enqueues inside every key write.
import { perSession } from '../../db/per-session.js';
import type { VaultSession } from '../../vault/vault.js';

export type QueuedOp = 'upsert' | 'delete';

export interface OutboxEntry {
  itemId: string;
  op: QueuedOp;
  /** Grows on every new local change to the item, so a push dequeues only what it sent. */
  queuedAt: number;
}

const statements = perSession(({ sqlite }) => ({
  queued: sqlite.prepare<[string, string], { op: QueuedOp }>(
    `SELECT op FROM sync_outbox WHERE hub_id = ? AND item_id = ?`,
  ),
  enqueue: sqlite.prepare<[string, string, string, number]>(
    `INSERT INTO sync_outbox (hub_id, item_id, op, queued_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (hub_id, item_id) DO UPDATE SET op = excluded.op,
       queued_at = MAX(excluded.queued_at, sync_outbox.queued_at + 1)`,
  ),
  dequeue: sqlite.prepare<[string, string]>(`DELETE FROM sync_outbox WHERE hub_id = ? AND item_id = ?`),
  dequeueSent: sqlite.prepare<[string, string, number]>(
    `DELETE FROM sync_outbox WHERE hub_id = ? AND item_id = ? AND queued_at = ?`,
  ),
  entries: sqlite.prepare<[string], { item_id: string; op: QueuedOp; queued_at: number }>(
    `SELECT item_id, op, queued_at FROM sync_outbox WHERE hub_id = ? ORDER BY queued_at, item_id`,
  ),
}));

export class Outbox {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  queued(hubId: string, itemId: string): QueuedOp | null {
    return statements(this.session()).queued.get(hubId, itemId)?.op ?? null;
  }

  enqueue(hubId: string, itemId: string, op: QueuedOp): void {
    statements(this.session()).enqueue.run(hubId, itemId, op, this.now());
  }

  dequeue(hubId: string, itemId: string): void {
    statements(this.session()).dequeue.run(hubId, itemId);
  }

  /**
   * Dequeues an entry only if no change was queued after `queuedAt` (read when the write was
   * prepared): an edit made while the push was in flight stays queued and goes out next.
   */
  dequeueSent(hubId: string, itemId: string, queuedAt: number): void {
    statements(this.session()).dequeueSent.run(hubId, itemId, queuedAt);
  }

  /** A hub's queued changes, oldest first. */
  entries(hubId: string): OutboxEntry[] {
    return statements(this.session())
      .entries.all(hubId)
      .map((r) => ({ itemId: r.item_id, op: r.op, queuedAt: r.queued_at }));
  }
}
