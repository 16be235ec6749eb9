// What every store function needs: the database, a clock (tests move it to expire invites) and the
// NOTIFY that tells every hub process on this database that a hub changed. NOTIFY inside the
// transaction is delivered only on commit, so listeners never see a change that rolled back.
import { eq, sql } from 'drizzle-orm';
import type { HubEvent } from '#shared/hub-api.js';
import { CHANGES_CHANNEL, type HubDb, type HubTx } from '../db/database.js';
import { hubs, type HubRow } from '../db/schema/index.js';
import { HubError } from '../errors.js';

export interface StoreContext {
  db: HubDb;
  now: () => number;
}

export interface ChangeNotice extends HubEvent {
  hubId: string;
}

/** `seq` defaults to the hub's latest item cursor (member and key changes do not move it). */
export async function notifyChange(
  tx: HubTx,
  hubId: string,
  kind: HubEvent['kind'],
  seq?: number,
): Promise<void> {
  let cursor = seq;
  if (cursor === undefined) {
    const [hub] = await tx.select({ seq: hubs.seq }).from(hubs).where(eq(hubs.id, hubId));
    cursor = hub?.seq ?? 0;
  }
  const notice: ChangeNotice = { hubId, seq: cursor, kind };
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(notice)})`);
}

/** Locks the hub row for the rest of the transaction: every write to one hub goes one at a time. */
export async function lockHub(tx: HubTx, hubId: string): Promise<HubRow> {
  const [hub] = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
  if (!hub) throw new HubError('not_found', 'No such hub.');
  return hub;
}

/** Takes `count` consecutive seq values; returns the first. Call only with the hub row locked. */
export async function takeSeq(tx: HubTx, hubId: string, count: number): Promise<number> {
  const [row] = await tx
    .update(hubs)
    .set({ seq: sql`${hubs.seq} + ${count}` })
    .where(eq(hubs.id, hubId))
    .returning({ seq: hubs.seq });
  if (!row) throw new HubError('not_found', 'No such hub.');
  return row.seq - count + 1;
}

/** The hub's latest item cursor (0 for a new hub); 404 for an unknown hub. */
export async function hubCursor(ctx: StoreContext, hubId: string): Promise<number> {
  const [hub] = await ctx.db.select({ seq: hubs.seq }).from(hubs).where(eq(hubs.id, hubId));
  if (!hub) throw new HubError('not_found', 'No such hub.');
  return hub.seq;
}
