// Moving items between the vault and a team hub: push the outbox with base revisions
// (compare-and-swap), pull changes since the cursor. Every item from the hub is opened with the hub
// key before anything is applied; one that does not open (tampered), comes with a lower revision
// than already seen (rollback) or revives a tombstone is reported and skipped, and the local copy
// stays as it was; an item sealed under a hub key this device lacks holds the cursor back until
// the key arrives. A stale push keeps both sides: the hub's version is applied and the local edit
// becomes a conflict copy; a delete against an edit lets the tombstone win and keeps the edit as a
// copy. Deleted ids are never written again: a restored one comes back under a new id. Every key
// the hub's changes create, update or delete here leaves an audit entry by "sync: <hub name>"
// (names only, never a secret), so the audit log shows where a change came from.
import { BATCH_MAX_ITEMS, type HubItem } from '#shared/hub-api.js';
import { AikeyError, isAikeyError } from '#shared/errors.js';
import type { AuditAction, AuditLog } from '../audit/audit-log.js';
import { openItem, sealItem } from './hub-crypto.js';
import type { HubState } from './hub-state.js';
import {
  ItemPayloadSchema,
  samePayload,
  TOMBSTONE_PLAINTEXT,
  type ItemPayload,
  type LocalItems,
} from './local-items.js';
import { HubRequestError, type HubClient } from './sync-client.js';

/** Everything item sync needs to know about one hub for one run. */
export interface HubContext {
  hubId: string;
  /** The hub's local name, for audit entries. */
  hubName: string;
  client: HubClient;
  deviceName: string;
  currentKeyVersion: () => number;
  hubKey: (keyVersion: number) => Buffer | null;
  /** Fetches and unwraps this device's hub keys again (after a rotation). */
  refreshKeys: () => Promise<void>;
  /** A member's device name for conflict copies of its edits. */
  memberName: (memberId: string) => string;
}

interface PreparedWrite {
  id: string;
  op: 'upsert' | 'delete';
  baseRevision: number;
  keyVersion: number;
  ciphertext: string;
  payload: ItemPayload | null;
  /** The outbox entry's stamp when this write was prepared; a later local change has a larger one. */
  queuedAt: number;
}

const MAX_ATTEMPTS_PER_RUN = 3;

export class ItemSync {
  constructor(
    private readonly state: HubState,
    private readonly items: LocalItems,
    private readonly now: () => number,
    private readonly audit: AuditLog,
  ) {}

  /** Sends queued local changes: how many were written, how many met a conflict, and their seqs. */
  async push(ctx: HubContext): Promise<{ pushed: number; conflicts: number; seqs: number[] }> {
    const attempts = new Map<string, number>();
    const seqs: number[] = [];
    let pushed = 0;
    let conflicts = 0;
    let keysRefreshed = false;
    for (;;) {
      const writes = this.state.atomically(() => {
        const round: PreparedWrite[] = [];
        for (const entry of this.state.outbox(ctx.hubId)) {
          if ((attempts.get(entry.itemId) ?? 0) >= MAX_ATTEMPTS_PER_RUN) continue;
          const write = this.prepare(ctx, entry.itemId, entry.op, entry.queuedAt);
          if (write) round.push(write);
          if (round.length === BATCH_MAX_ITEMS) break;
        }
        return round;
      });
      if (writes.length === 0) {
        if (this.state.outbox(ctx.hubId).every((e) => (attempts.get(e.itemId) ?? 0) >= MAX_ATTEMPTS_PER_RUN))
          break;
        continue;
      }
      for (const w of writes) attempts.set(w.id, (attempts.get(w.id) ?? 0) + 1);
      let results;
      try {
        results = (
          await ctx.client.batchPush({
            items: writes.map((w) => ({
              id: w.id,
              baseRevision: w.baseRevision,
              ciphertext: w.ciphertext,
              deleted: w.op === 'delete',
              keyVersion: w.keyVersion,
            })),
          })
        ).results;
      } catch (error) {
        if (error instanceof HubRequestError && error.hubCode === 'key_version_mismatch' && !keysRefreshed) {
          keysRefreshed = true;
          for (const w of writes) attempts.set(w.id, (attempts.get(w.id) ?? 1) - 1);
          await ctx.refreshKeys();
          continue;
        }
        throw error;
      }
      const byId = new Map(writes.map((w) => [w.id, w]));
      this.state.atomically(() => {
        for (const result of results) {
          const write = byId.get(result.id);
          if (!write) continue;
          if (result.status === 'ok') {
            pushed += 1;
            seqs.push(result.seq);
            this.state.setItemState(ctx.hubId, write.id, {
              revision: result.revision,
              keyVersion: write.keyVersion,
              deleted: write.op === 'delete',
            });
            this.state.dequeueSent(ctx.hubId, write.id, write.queuedAt);
          } else if (this.resolveConflict(ctx, write, result.current)) {
            conflicts += 1;
          } else {
            attempts.set(write.id, MAX_ATTEMPTS_PER_RUN);
          }
        }
      });
    }
    return { pushed, conflicts, seqs };
  }

  /** The write for one outbox entry, or null when nothing needs to reach the hub (entry dropped). */
  private prepare(
    ctx: HubContext,
    itemId: string,
    queuedOp: 'upsert' | 'delete',
    queuedAt: number,
  ): PreparedWrite | null {
    const { hubId } = ctx;
    const known = this.state.itemState(hubId, itemId);
    const local = this.items.read(hubId, itemId);
    const op = queuedOp === 'delete' || !local || local.deleted ? 'delete' : 'upsert';
    if (op === 'delete' && (!known || known.deleted)) {
      this.state.dequeue(hubId, itemId);
      return null;
    }
    if (op === 'upsert' && local && known?.deleted) {
      // A tombstone never comes back: the restored or edited key lives on under a new id.
      this.items.purge(hubId, itemId);
      this.state.dequeue(hubId, itemId);
      const copyId = this.items.insertCopy(hubId, local.payload, local.payload.name, this.now());
      this.state.enqueue(hubId, copyId, 'upsert');
      return null;
    }
    const keyVersion = ctx.currentKeyVersion();
    const hubKey = ctx.hubKey(keyVersion);
    if (!hubKey) throw new AikeyError('HubRejected', 'This device has not received the hub key yet.');
    const baseRevision = known?.revision ?? 0;
    const payload = op === 'upsert' && local ? local.payload : null;
    const plaintext = payload ? JSON.stringify(payload) : TOMBSTONE_PLAINTEXT;
    return {
      id: itemId,
      op,
      baseRevision,
      keyVersion,
      payload,
      queuedAt,
      ciphertext: sealItem(hubKey, Buffer.from(plaintext, 'utf8'), {
        hubId,
        itemId,
        revision: baseRevision + 1,
        keyVersion,
      }),
    };
  }

  /** A 409: settles the item so no edit is lost. False when the hub's answer cannot be trusted. */
  private resolveConflict(ctx: HubContext, write: PreparedWrite, current: HubItem | null): boolean {
    const { hubId } = ctx;
    const known = this.state.itemState(hubId, write.id);
    if (current === null) {
      if (known)
        this.state.report(
          hubId,
          'rollback',
          `Item ${write.id} (revision ${known.revision}) is missing from the hub; it is sent again.`,
          { itemId: write.id },
        );
      this.state.dropItemState(hubId, write.id);
      if (write.op === 'delete') this.state.dequeueSent(hubId, write.id, write.queuedAt);
      return true;
    }
    const theirs = this.openRemote(ctx, current, known);
    if (theirs === undefined) return false;
    const state = { revision: current.revision, keyVersion: current.keyVersion, deleted: current.deleted };
    if (write.op === 'upsert') {
      // The key may have changed again while the push was in flight: that newer content is the edit
      // to keep, not the one that was sent.
      const local = this.items.read(hubId, write.id);
      if (!local || local.deleted) {
        // Deleted meanwhile: the queued delete goes out next, against the hub's revision.
        if (theirs === null) {
          this.purge(ctx, write.id);
          this.state.dequeue(hubId, write.id);
        }
        this.state.setItemState(hubId, write.id, state);
        return true;
      }
      const mine = local.payload;
      if (theirs === null) this.purge(ctx, write.id);
      else this.applyLive(ctx, write.id, theirs);
      this.state.setItemState(hubId, write.id, state);
      this.state.dequeue(hubId, write.id);
      if (theirs === null || !samePayload(mine, theirs)) this.keepCopy(ctx, mine, ctx.deviceName);
      return true;
    }
    if (theirs === null) {
      this.state.setItemState(hubId, write.id, state);
      this.state.dequeueSent(hubId, write.id, write.queuedAt);
      return true;
    }
    // Delete against an edit: the tombstone wins (re-sent on the next round); the edit is kept.
    this.keepCopy(ctx, theirs, ctx.memberName(current.updatedBy));
    this.state.setItemState(hubId, write.id, state);
    return true;
  }

  /**
   * Where pulling may start after our own writes: the cursor moves over seqs that are ours and
   * follow it without a gap (nobody else wrote in between), so our writes are not read back.
   */
  static cursorAfterOwnWrites(cursor: number, seqs: number[]): number {
    for (const seq of [...seqs].sort((a, b) => a - b)) {
      if (seq !== cursor + 1) break;
      cursor = seq;
    }
    return cursor;
  }

  /** Pulls everything since the cursor. Returns how many items were applied. */
  async pull(ctx: HubContext, cursor: number): Promise<{ pulled: number; cursor: number }> {
    let pulled = 0;
    let keysRefreshed = false;
    for (;;) {
      const page = await ctx.client.pull(cursor, 1000);
      if (!keysRefreshed && page.items.some((i) => ctx.hubKey(i.keyVersion) === null)) {
        keysRefreshed = true;
        await ctx.refreshKeys();
      }
      // The cursor never passes an item sealed under a key this device lacks (not received yet,
      // or refused): the page stops there, and the item is read again once the key arrives.
      const blocked = page.items.findIndex((i) => ctx.hubKey(i.keyVersion) === null);
      const usable = blocked === -1 ? page.items : page.items.slice(0, blocked);
      const next = blocked === -1 ? page.cursor : (usable.at(-1)?.seq ?? cursor);
      this.state.atomically(() => {
        for (const item of usable) if (this.applyRemote(ctx, item)) pulled += 1;
        this.state.updateMembership(ctx.hubId, { cursor: next });
        const held = page.items[blocked];
        if (held)
          this.state.report(
            ctx.hubId,
            'tampered',
            `Item ${held.id} revision ${held.revision} is sealed under hub key version ${held.keyVersion}, which this device does not hold; later changes wait until it does.`,
            { itemId: held.id },
          );
      });
      cursor = next;
      if (!page.more || blocked !== -1) return { pulled, cursor };
    }
  }

  private applyRemote(ctx: HubContext, item: HubItem): boolean {
    const { hubId } = ctx;
    // A pending local change meets this revision as a 409 on the next push, and is settled there.
    if (this.state.queued(hubId, item.id)) return false;
    const known = this.state.itemState(hubId, item.id);
    if (known && item.revision === known.revision) return false;
    const payload = this.openRemote(ctx, item, known);
    if (payload === undefined) return false;
    if (payload === null) this.purge(ctx, item.id);
    else this.applyLive(ctx, item.id, payload);
    this.state.setItemState(hubId, item.id, {
      revision: item.revision,
      keyVersion: item.keyVersion,
      deleted: item.deleted,
    });
    return true;
  }

  /**
   * Opens an item from the hub: its payload, null for a tombstone, or undefined (reported) when it
   * must not be applied: a rollback, a revived tombstone, an unknown key version or a failed open.
   */
  private openRemote(
    ctx: HubContext,
    item: HubItem,
    known: { revision: number; deleted: boolean } | null,
  ): ItemPayload | null | undefined {
    const { hubId } = ctx;
    if (known && item.revision < known.revision) {
      this.state.report(
        hubId,
        'rollback',
        `Item ${item.id} came back at revision ${item.revision} after revision ${known.revision}; the newer copy is kept.`,
        { itemId: item.id },
      );
      return undefined;
    }
    if (known?.deleted && !item.deleted) {
      this.state.report(
        hubId,
        'rollback',
        `Deleted item ${item.id} came back to life at revision ${item.revision}; it stays deleted.`,
        { itemId: item.id },
      );
      return undefined;
    }
    const hubKey = ctx.hubKey(item.keyVersion);
    const tampered = (why: string) => {
      this.state.report(
        hubId,
        'tampered',
        `Item ${item.id} revision ${item.revision} ${why}; the local copy is kept.`,
        { itemId: item.id },
      );
      return undefined;
    };
    if (!hubKey)
      return tampered(`is sealed under hub key version ${item.keyVersion}, which this device never received`);
    let plaintext: string;
    try {
      plaintext = openItem(hubKey, item.ciphertext, {
        hubId,
        itemId: item.id,
        revision: item.revision,
        keyVersion: item.keyVersion,
      }).toString('utf8');
    } catch (error) {
      if (isAikeyError(error, 'HubTampered')) return tampered('does not open: it was altered or replayed');
      throw error;
    }
    if (item.deleted)
      return plaintext === TOMBSTONE_PLAINTEXT ? null : tampered('is a tombstone with a payload');
    let json: unknown;
    try {
      json = JSON.parse(plaintext);
    } catch {
      return tampered('holds something that is not a key record');
    }
    const parsed = ItemPayloadSchema.safeParse(json);
    return parsed.success ? parsed.data : tampered('holds something that is not a key record');
  }

  private applyLive(ctx: HubContext, itemId: string, payload: ItemPayload): void {
    const outcome = this.items.apply(ctx.hubId, itemId, payload, this.now(), (clashId, name) => {
      // Our own key with the same name gives way to the hub's and is sent again under a new name.
      this.state.enqueue(ctx.hubId, clashId, 'upsert');
      const renamed = this.items.conflictName(ctx.hubId, payload.provider, name, ctx.deviceName);
      this.record(ctx, 'key.update', clashId, { provider: payload.provider, name: renamed }, 'renamed');
      return renamed;
    });
    this.record(ctx, outcome === 'created' ? 'key.create' : 'key.update', itemId, payload);
  }

  private purge(ctx: HubContext, itemId: string): void {
    const removed = this.items.purge(ctx.hubId, itemId);
    if (removed) this.record(ctx, 'key.delete', itemId, removed);
  }

  private keepCopy(ctx: HubContext, payload: ItemPayload, deviceName: string): void {
    const name = this.items.conflictName(ctx.hubId, payload.provider, payload.name, deviceName);
    const id = this.items.insertCopy(ctx.hubId, payload, name, this.now());
    this.state.enqueue(ctx.hubId, id, 'upsert');
    this.record(ctx, 'key.create', id, { provider: payload.provider, name }, 'conflict copy');
  }

  /** An audit entry for a change sync made to a key: names only, never the secret. */
  private record(
    ctx: HubContext,
    action: AuditAction,
    keyId: string,
    key: { provider: string; name: string },
    detail?: string,
  ): void {
    this.audit.record({
      actor: { type: 'app', name: `sync: ${ctx.hubName}`.slice(0, 64) },
      action,
      result: 'ok',
      target: { keyId, hubId: ctx.hubId, hubName: ctx.hubName, provider: key.provider, keyName: key.name },
      ...(detail === undefined ? {} : { detail }),
    });
  }
}
