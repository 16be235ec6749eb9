// Sealed items: pull by cursor, compare-and-swap pushes, batches and the all-or-nothing rotation.
// Every write runs with the hub row locked (lockHub), which makes seq order commit order. A
// tombstone is final: no push, batch or rotation ever makes a deleted item live again.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type {
  BatchPushRequest,
  BatchResult,
  HubItem,
  PullQuery,
  PullResponse,
  PushRequest,
  PushResponse,
  RotateRequest,
  RotateResponse,
} from '#shared/hub-api.js';
import type { HubTx } from '../db/database.js';
import { hubs, items, members, wrappedKeys, type HubRow, type ItemRow } from '../db/schema/index.js';
import { conflict, HubError } from '../errors.js';
import { lockHub, notifyChange, takeSeq, type StoreContext } from './context.js';
import { requireActive, requireAdmin, type Caller } from './members.js';

// PostgreSQL takes at most 65535 bind parameters per statement; an item row uses nine.
const ROWS_PER_INSERT = 2000;

function toItem(row: ItemRow): HubItem {
  return {
    id: row.id,
    revision: row.revision,
    ciphertext: row.ciphertext,
    deleted: row.deleted,
    keyVersion: row.keyVersion,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
    seq: row.seq,
  };
}

function requireCurrentKey(hub: HubRow, keyVersion: number): void {
  if (hub.currentKeyVersion !== keyVersion) {
    throw new HubError('key_version_mismatch', 'Items must be sealed with the hub key currently in use.', {
      currentKeyVersion: hub.currentKeyVersion,
    });
  }
}

/** Why a CAS write may not apply, or null when it may. */
function staleness(current: ItemRow | undefined, baseRevision: number): HubError | null {
  if (!current) return baseRevision === 0 ? null : conflict(null, 'No such item on the hub.');
  if (current.deleted) return conflict(toItem(current), 'This item was deleted; deletes are final.');
  return current.revision === baseRevision ? null : conflict(toItem(current));
}

async function upsert(tx: HubTx, rows: ItemRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await tx
      .insert(items)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflictDoUpdate({
        target: [items.hubId, items.id],
        set: {
          revision: sql`excluded.revision`,
          ciphertext: sql`excluded.ciphertext`,
          deleted: sql`excluded.deleted`,
          keyVersion: sql`excluded.key_version`,
          updatedAt: sql`excluded.updated_at`,
          updatedBy: sql`excluded.updated_by`,
          seq: sql`excluded.seq`,
        },
      });
  }
}

export async function pull(ctx: StoreContext, caller: Caller, query: PullQuery): Promise<PullResponse> {
  requireActive(caller);
  const rows = await ctx.db
    .select()
    .from(items)
    .where(and(eq(items.hubId, caller.hubId), gt(items.seq, query.since)))
    .orderBy(asc(items.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit).map(toItem);
  return { items: page, cursor: page.at(-1)?.seq ?? query.since, more: rows.length > query.limit };
}

export async function push(
  ctx: StoreContext,
  caller: Caller,
  itemId: string,
  input: PushRequest,
): Promise<PushResponse> {
  requireActive(caller);
  return ctx.db.transaction(async (tx) => {
    const hub = await lockHub(tx, caller.hubId);
    requireCurrentKey(hub, input.keyVersion);
    const [current] = await tx
      .select()
      .from(items)
      .where(and(eq(items.hubId, hub.id), eq(items.id, itemId)));
    const stale = staleness(current, input.baseRevision);
    if (stale) throw stale;
    const seq = await takeSeq(tx, hub.id, 1);
    const revision = input.baseRevision + 1;
    await upsert(tx, [
      {
        hubId: hub.id,
        id: itemId,
        revision,
        ciphertext: input.ciphertext,
        deleted: input.deleted,
        keyVersion: input.keyVersion,
        updatedAt: ctx.now(),
        updatedBy: caller.memberId,
        seq,
      },
    ]);
    await notifyChange(tx, hub.id, 'item', seq);
    return { revision, seq };
  });
}

export async function pushBatch(
  ctx: StoreContext,
  caller: Caller,
  input: BatchPushRequest,
): Promise<BatchResult[]> {
  requireActive(caller);
  return ctx.db.transaction(async (tx) => {
    const hub = await lockHub(tx, caller.hubId);
    for (const item of input.items) requireCurrentKey(hub, item.keyVersion);
    const ids = input.items.map((i) => i.id);
    const existing = new Map(
      (
        await tx
          .select()
          .from(items)
          .where(and(eq(items.hubId, hub.id), inArray(items.id, ids)))
      ).map((r) => [r.id, r]),
    );
    const accepted = input.items.filter((i) => staleness(existing.get(i.id), i.baseRevision) === null);
    const firstSeq = accepted.length > 0 ? await takeSeq(tx, hub.id, accepted.length) : 0;
    const now = ctx.now();
    const written = new Map(
      accepted.map((item, index): [string, ItemRow] => [
        item.id,
        {
          hubId: hub.id,
          id: item.id,
          revision: item.baseRevision + 1,
          ciphertext: item.ciphertext,
          deleted: item.deleted,
          keyVersion: item.keyVersion,
          updatedAt: now,
          updatedBy: caller.memberId,
          seq: firstSeq + index,
        },
      ]),
    );
    await upsert(tx, [...written.values()]);
    if (accepted.length > 0) await notifyChange(tx, hub.id, 'item', firstSeq + accepted.length - 1);
    return input.items.map((item): BatchResult => {
      const row = written.get(item.id);
      if (row) return { id: item.id, status: 'ok', revision: row.revision, seq: row.seq };
      const current = existing.get(item.id);
      return { id: item.id, status: 'conflict', current: current ? toItem(current) : null };
    });
  });
}

export async function rotate(
  ctx: StoreContext,
  caller: Caller,
  input: RotateRequest,
): Promise<RotateResponse> {
  requireAdmin(caller);
  return ctx.db.transaction(async (tx) => {
    const hub = await lockHub(tx, caller.hubId);
    if (hub.currentKeyVersion === null || input.keyVersion !== hub.currentKeyVersion + 1) {
      throw new HubError('key_version_mismatch', 'A rotation must create the next key version.', {
        currentKeyVersion: hub.currentKeyVersion,
      });
    }
    const active = await tx
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.hubId, hub.id), eq(members.status, 'active')));
    const wrapped = new Set(input.wrappedKeys.map((w) => w.memberId));
    if (
      wrapped.size !== input.wrappedKeys.length ||
      wrapped.size !== active.length ||
      !active.every((m) => wrapped.has(m.id))
    ) {
      throw new HubError('member_set_changed', 'wrappedKeys must cover exactly the active members.');
    }
    if (input.wrappedKeys.some((w) => w.signedBy !== caller.memberId)) {
      throw new HubError('invalid_request', 'Every wrapped key must be signed by the rotating member.');
    }
    const all = await tx.select().from(items).where(eq(items.hubId, hub.id));
    const byId = new Map(all.map((r) => [r.id, r]));
    const resealed = new Map(input.items.map((i) => [i.id, i]));
    for (const row of all) {
      const update = resealed.get(row.id);
      if (!update && !row.deleted) throw conflict(toItem(row), 'A rotation must re-seal every live item.');
      if (update && update.baseRevision !== row.revision) throw conflict(toItem(row));
    }
    const missing = input.items.find((i) => !byId.has(i.id));
    if (missing) throw conflict(null, 'A rotation named an item the hub does not have.');
    const firstSeq = input.items.length > 0 ? await takeSeq(tx, hub.id, input.items.length) : 0;
    const now = ctx.now();
    const rows = input.items.map((item, index): ItemRow => ({
      hubId: hub.id,
      id: item.id,
      revision: item.baseRevision + 1,
      ciphertext: item.ciphertext,
      deleted: byId.get(item.id)?.deleted ?? false,
      keyVersion: input.keyVersion,
      updatedAt: now,
      updatedBy: caller.memberId,
      seq: firstSeq + index,
    }));
    await upsert(tx, rows);
    await tx
      .insert(wrappedKeys)
      .values(input.wrappedKeys.map((w) => ({ hubId: hub.id, keyVersion: input.keyVersion, ...w })));
    await tx.update(hubs).set({ currentKeyVersion: input.keyVersion }).where(eq(hubs.id, hub.id));
    await notifyChange(tx, hub.id, 'key');
    return {
      currentKeyVersion: input.keyVersion,
      items: rows.map((r) => ({ id: r.id, revision: r.revision, seq: r.seq })),
    };
  });
}
