// The merge rules of team-hub sync, as pure functions that say what to do and touch nothing:
// ItemSync reads the inputs, calls one of these, and carries the decision out. The rules they keep:
// no edit is lost (a stale write becomes a conflict copy), a tombstone never resurrects (an edit or
// restore of a deleted id lives on under a new id), and nothing the hub sends is applied before it
// is checked (a lower revision is a rollback, a revived tombstone is refused, an item that does not
// open is reported). Every finding names ids and revisions, never a secret.
import type { HubItem } from '#shared/hub-api.js';
import { samePayload, type ItemPayload } from './local-items.js';
import type { ItemState } from './state/item-states.js';
import type { QueuedOp } from './state/outbox.js';

/** What the hub got wrong about an item: recorded as a report, never applied. */
export interface Finding {
  kind: 'rollback' | 'tampered';
  itemId: string;
  detail: string;
}

/** An item from the hub once opened with its hub key. */
export type RemoteContent =
  | { kind: 'live'; payload: ItemPayload }
  | { kind: 'tombstone' }
  /** `why` completes "Item <id> revision <n> …", e.g. "does not open: it was altered or replayed". */
  | { kind: 'unusable'; why: string };

/** The local copy of an item: its content, and whether it is deleted here. */
export interface LocalCopy {
  payload: ItemPayload;
  deleted: boolean;
}

type RemoteItem = Pick<HubItem, 'id' | 'revision' | 'keyVersion' | 'deleted'>;

// ---- Pushing ----------------------------------------------------------------------------------

export type OutgoingDecision =
  /** Nothing to send (a delete of an item the hub never had, or already deleted): drop the entry. */
  | { kind: 'drop' }
  /** An edit or restore of a tombstoned id: the key lives on under a new id, queued in its place. */
  | { kind: 'reissue'; payload: ItemPayload }
  /** A compare-and-swap write against the revision this wallet last saw. */
  | { kind: 'send'; op: QueuedOp; baseRevision: number; payload: ItemPayload | null };

/** What to send for one outbox entry. */
export function decideOutgoing(input: {
  queued: QueuedOp;
  known: ItemState | null;
  local: LocalCopy | null;
}): OutgoingDecision {
  const { queued, known, local } = input;
  if (queued === 'delete' || !local || local.deleted) {
    if (!known || known.deleted) return { kind: 'drop' };
    return { kind: 'send', op: 'delete', baseRevision: known.revision, payload: null };
  }
  if (known?.deleted) return { kind: 'reissue', payload: local.payload };
  return { kind: 'send', op: 'upsert', baseRevision: known?.revision ?? 0, payload: local.payload };
}

/**
 * Where pulling may start after our own writes: the cursor moves over seqs that are ours and
 * follow it without a gap (nobody else wrote in between), so our writes are not read back.
 */
export function cursorAfterOwnWrites(cursor: number, seqs: readonly number[]): number {
  for (const seq of [...seqs].sort((a, b) => a - b)) {
    if (seq !== cursor + 1) break;
    cursor = seq;
  }
  return cursor;
}

// ---- Checking what the hub sends ----------------------------------------------------------------

/** A rollback the hub attempts with this item, or null when it may be applied over `known`. */
export function rollbackOf(item: RemoteItem, known: ItemState | null): Finding | null {
  if (known && item.revision < known.revision) {
    return {
      kind: 'rollback',
      itemId: item.id,
      detail: `Item ${item.id} came back at revision ${item.revision} after revision ${known.revision}; the newer copy is kept.`,
    };
  }
  if (known?.deleted && !item.deleted) {
    return {
      kind: 'rollback',
      itemId: item.id,
      detail: `Deleted item ${item.id} came back to life at revision ${item.revision}; it stays deleted.`,
    };
  }
  return null;
}

/** The item's content once checked: a payload, a tombstone, or the finding that refuses it. */
function checked<I extends RemoteItem>(
  item: I,
  known: ItemState | null,
  open: (item: I) => RemoteContent,
): { finding: Finding } | { payload: ItemPayload | null } {
  const rollback = rollbackOf(item, known);
  if (rollback) return { finding: rollback };
  const content = open(item);
  if (content.kind === 'unusable') {
    return {
      finding: {
        kind: 'tampered',
        itemId: item.id,
        detail: `Item ${item.id} revision ${item.revision} ${content.why}; the local copy is kept.`,
      },
    };
  }
  return { payload: content.kind === 'live' ? content.payload : null };
}

const stateOf = (item: RemoteItem): ItemState => ({
  revision: item.revision,
  keyVersion: item.keyVersion,
  deleted: item.deleted,
});

// ---- Pulling ----------------------------------------------------------------------------------

export type PulledDecision =
  /** A local change is queued (the next push meets this revision as a 409), or it was seen. */
  | { kind: 'skip' }
  | { kind: 'refuse'; finding: Finding }
  | { kind: 'apply'; payload: ItemPayload; state: ItemState }
  | { kind: 'purge'; state: ItemState };

/** What to do with an item a pull brought, given what this wallet holds of it. */
export function decidePulled<I extends RemoteItem>(input: {
  item: I;
  known: ItemState | null;
  queued: QueuedOp | null;
  /** Opens the item with its hub key; called only once the cheaper checks pass. */
  open: (item: I) => RemoteContent;
}): PulledDecision {
  const { item, known, queued, open } = input;
  if (queued !== null) return { kind: 'skip' };
  if (known && item.revision === known.revision) return { kind: 'skip' };
  const remote = checked(item, known, open);
  if ('finding' in remote) return { kind: 'refuse', finding: remote.finding };
  return remote.payload === null
    ? { kind: 'purge', state: stateOf(item) }
    : { kind: 'apply', payload: remote.payload, state: stateOf(item) };
}

/** How many whole items of a pull page to apply: the cursor never passes a key this device lacks. */
export function cutPage<T extends { seq: number; keyVersion: number }>(
  items: readonly T[],
  cursor: number,
  pageCursor: number,
  hasKey: (keyVersion: number) => boolean,
): { usable: readonly T[]; cursor: number; held: T | null } {
  const blocked = items.findIndex((i) => !hasKey(i.keyVersion));
  if (blocked === -1) return { usable: items, cursor: pageCursor, held: null };
  const usable = items.slice(0, blocked);
  return { usable, cursor: usable.at(-1)?.seq ?? cursor, held: items[blocked] ?? null };
}

// ---- Two items, one name ------------------------------------------------------------------------

/**
 * Which of two live items with the same provider and name keeps the name in a hub: the one with
 * the smaller id. Every device computes the same answer from the ids alone, so after concurrent
 * replacements (each device removed a key and added a new one under its name) all of them converge
 * on one key under the name and a conflict copy, instead of each renaming its own and leaving none.
 */
export function keepsName(incomingId: string, localId: string): 'incoming' | 'local' {
  return incomingId < localId ? 'incoming' : 'local';
}

// ---- A 409 from the hub -----------------------------------------------------------------------

/** Who a conflict copy is named after: this device (our edit lost) or the member whose edit lost. */
export type CopyAuthor = { kind: 'this-device' } | { kind: 'member'; memberId: string };

export type ConflictDecision =
  /** The hub's current item cannot be trusted: report it and leave the entry alone for this run. */
  | { kind: 'refuse'; finding: Finding }
  | {
      kind: 'settle';
      /** Something the hub got wrong that does not stop the settlement. */
      finding: Finding | null;
      local: { kind: 'keep' } | { kind: 'purge' } | { kind: 'apply'; payload: ItemPayload };
      /** The item state to record, or 'forget' to send the item again from scratch. */
      state: ItemState | 'forget';
      /** 'dequeue-sent' drops the entry only if nothing changed since the write was prepared. */
      outbox: 'keep' | 'dequeue' | 'dequeue-sent';
      copy: { payload: ItemPayload; author: CopyAuthor } | null;
    };

/** Settles a write the hub refused as stale, so no edit is lost and no delete is undone. */
export function decideConflict(input: {
  write: { id: string; op: QueuedOp };
  known: ItemState | null;
  /** The hub's current item, or null when the hub says it has none. */
  current: HubItem | null;
  /** The local copy now (it may have changed while the push was in flight); used for upserts. */
  local: LocalCopy | null;
  /** Opens the hub's current item; called only once the cheaper checks pass. */
  open: (item: HubItem) => RemoteContent;
}): ConflictDecision {
  const { write, known, current, local, open } = input;
  if (current === null) {
    return {
      kind: 'settle',
      finding: known && {
        kind: 'rollback',
        itemId: write.id,
        detail: `Item ${write.id} (revision ${known.revision}) is missing from the hub; it is sent again.`,
      },
      local: { kind: 'keep' },
      state: 'forget',
      outbox: write.op === 'delete' ? 'dequeue-sent' : 'keep',
      copy: null,
    };
  }
  const remote = checked(current, known, open);
  if ('finding' in remote) return { kind: 'refuse', finding: remote.finding };
  const theirs = remote.payload;
  const settle = (rest: Omit<Extract<ConflictDecision, { kind: 'settle' }>, 'kind' | 'finding' | 'state'>) =>
    ({ kind: 'settle', finding: null, state: stateOf(current), ...rest }) as const;
  if (write.op === 'upsert') {
    if (!local || local.deleted) {
      // Deleted meanwhile: the queued delete goes out next, against the hub's revision.
      return theirs === null
        ? settle({ local: { kind: 'purge' }, outbox: 'dequeue', copy: null })
        : settle({ local: { kind: 'keep' }, outbox: 'keep', copy: null });
    }
    // The hub's version wins in place; our edit (the newest local content) becomes a copy unless
    // it says the same thing.
    const mine = local.payload;
    const lost = theirs === null || !samePayload(mine, theirs);
    return settle({
      local: theirs === null ? { kind: 'purge' } : { kind: 'apply', payload: theirs },
      outbox: 'dequeue',
      copy: lost ? { payload: mine, author: { kind: 'this-device' } } : null,
    });
  }
  if (theirs === null) return settle({ local: { kind: 'keep' }, outbox: 'dequeue-sent', copy: null });
  // Delete against an edit: the tombstone wins (re-sent next round at the hub's revision); the
  // edit is kept as a copy named after whoever made it.
  return settle({
    local: { kind: 'keep' },
    outbox: 'keep',
    copy: { payload: theirs, author: { kind: 'member', memberId: current.updatedBy } },
  });
}
