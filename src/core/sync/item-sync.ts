// Moving items between the vault and a team hub: push the outbox with base revisions
// (compare-and-swap), pull changes since the cursor. What to do with each item is decided by the
// pure rules in merge.ts; this class reads their inputs, opens what the hub sends with the hub key,
// and carries the decisions out, each batch in one vault transaction. An item sealed under a hub
// key this device lacks holds the cursor back until the key arrives. Every key the hub's changes
// create, update or delete here leaves an audit entry by "sync: <hub name>" (names only, never a
// secret), so the audit log shows where a change came from.
import { BATCH_MAX_ITEMS, type HubItem } from '#shared/hub-api.js';
import { AikeyError, isAikeyError } from '#shared/errors.js';
import type { AuditAction, AuditLog } from '../audit/audit-log.js';
import { openItem, sealItem } from './hub-crypto.js';
import { ItemPayloadSchema, TOMBSTONE_PLAINTEXT, type ItemPayload, type LocalItems } from './local-items.js';
import {
  cutPage,
  decideConflict,
  decideOutgoing,
  decidePulled,
  keepsName,
  type ConflictDecision,
  type Finding,
  type RemoteContent,
} from './merge.js';
import type { HubStores } from './state/hub-stores.js';
import type { QueuedOp } from './state/outbox.js';
import type { HubClient } from './sync-client.js';

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
  op: QueuedOp;
  baseRevision: number;
  keyVersion: number;
  ciphertext: string;
  /** The outbox entry's stamp when this write was prepared; a later local change has a larger one. */
  queuedAt: number;
}

const MAX_ATTEMPTS_PER_RUN = 3;

export class ItemSync {
  constructor(
    private readonly stores: HubStores,
    private readonly items: LocalItems,
    private readonly now: () => number,
    private readonly audit: AuditLog,
  ) {}

  /** Sends queued local changes: how many were written, how many met a conflict, and their seqs. */
  async push(ctx: HubContext): Promise<{ pushed: number; conflicts: number; seqs: number[] }> {
    const { outbox, itemStates } = this.stores;
    const attempts = new Map<string, number>();
    const seqs: number[] = [];
    let pushed = 0;
    let conflicts = 0;
    let keysRefreshed = false;
    for (;;) {
      const writes = this.stores.atomically(() => {
        const round: PreparedWrite[] = [];
        for (const entry of outbox.entries(ctx.hubId)) {
          if ((attempts.get(entry.itemId) ?? 0) >= MAX_ATTEMPTS_PER_RUN) continue;
          const write = this.prepare(ctx, entry.itemId, entry.op, entry.queuedAt);
          if (write) round.push(write);
          if (round.length === BATCH_MAX_ITEMS) break;
        }
        return round;
      });
      if (writes.length === 0) {
        if (outbox.entries(ctx.hubId).every((e) => (attempts.get(e.itemId) ?? 0) >= MAX_ATTEMPTS_PER_RUN))
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
        // Someone rotated the hub key: fetch it once, and the same writes go out sealed under it.
        if (isAikeyError(error, 'HubKeyChanged') && !keysRefreshed) {
          keysRefreshed = true;
          for (const w of writes) attempts.set(w.id, (attempts.get(w.id) ?? 1) - 1);
          await ctx.refreshKeys();
          continue;
        }
        throw error;
      }
      const byId = new Map(writes.map((w) => [w.id, w]));
      this.stores.atomically(() => {
        for (const result of results) {
          const write = byId.get(result.id);
          if (!write) continue;
          if (result.status === 'ok') {
            pushed += 1;
            seqs.push(result.seq);
            itemStates.set(ctx.hubId, write.id, {
              revision: result.revision,
              keyVersion: write.keyVersion,
              deleted: write.op === 'delete',
            });
            outbox.dequeueSent(ctx.hubId, write.id, write.queuedAt);
          } else if (this.settleConflict(ctx, write, result.current)) {
            conflicts += 1;
          } else {
            attempts.set(write.id, MAX_ATTEMPTS_PER_RUN);
          }
        }
      });
    }
    return { pushed, conflicts, seqs };
  }

  /** The write for one outbox entry, or null when nothing needs to reach the hub (entry settled). */
  private prepare(ctx: HubContext, itemId: string, queued: QueuedOp, queuedAt: number): PreparedWrite | null {
    const { hubId } = ctx;
    const decision = decideOutgoing({
      queued,
      known: this.stores.itemStates.get(hubId, itemId),
      local: this.items.read(hubId, itemId),
    });
    if (decision.kind === 'drop') {
      this.stores.outbox.dequeue(hubId, itemId);
      return null;
    }
    if (decision.kind === 'reissue') {
      this.items.purge(hubId, itemId);
      this.stores.outbox.dequeue(hubId, itemId);
      const copyId = this.items.insertCopy(hubId, decision.payload, decision.payload.name, this.now());
      this.stores.outbox.enqueue(hubId, copyId, 'upsert');
      return null;
    }
    const keyVersion = ctx.currentKeyVersion();
    const hubKey = ctx.hubKey(keyVersion);
    if (!hubKey) throw new AikeyError('HubRejected', 'This device has not received the hub key yet.');
    const plaintext = decision.payload ? JSON.stringify(decision.payload) : TOMBSTONE_PLAINTEXT;
    return {
      id: itemId,
      op: decision.op,
      baseRevision: decision.baseRevision,
      keyVersion,
      queuedAt,
      ciphertext: sealItem(hubKey, Buffer.from(plaintext, 'utf8'), {
        hubId,
        itemId,
        revision: decision.baseRevision + 1,
        keyVersion,
      }),
    };
  }

  /** A 409: settles the item so no edit is lost. False when the hub's answer cannot be trusted. */
  private settleConflict(ctx: HubContext, write: PreparedWrite, current: HubItem | null): boolean {
    const { hubId } = ctx;
    const decision = decideConflict({
      write,
      known: this.stores.itemStates.get(hubId, write.id),
      current,
      local: write.op === 'upsert' ? this.items.read(hubId, write.id) : null,
      open: (item) => this.openRemote(ctx, item),
    });
    if (decision.kind === 'refuse') {
      this.report(ctx, decision.finding);
      return false;
    }
    this.carryOut(ctx, write, decision);
    return true;
  }

  private carryOut(
    ctx: HubContext,
    write: PreparedWrite,
    decision: Extract<ConflictDecision, { kind: 'settle' }>,
  ): void {
    const { hubId } = ctx;
    const { outbox, itemStates } = this.stores;
    if (decision.finding) this.report(ctx, decision.finding);
    if (decision.local.kind === 'purge') this.purge(ctx, write.id);
    else if (decision.local.kind === 'apply') this.applyLive(ctx, write.id, decision.local.payload);
    if (decision.state === 'forget') itemStates.drop(hubId, write.id);
    else itemStates.set(hubId, write.id, decision.state);
    if (decision.outbox === 'dequeue') outbox.dequeue(hubId, write.id);
    else if (decision.outbox === 'dequeue-sent') outbox.dequeueSent(hubId, write.id, write.queuedAt);
    if (decision.copy) {
      const { author } = decision.copy;
      const by = author.kind === 'this-device' ? ctx.deviceName : ctx.memberName(author.memberId);
      this.keepCopy(ctx, decision.copy.payload, by);
    }
  }

  /** Pulls everything since the cursor. Returns how many items were applied. */
  async pull(ctx: HubContext, cursor: number): Promise<{ pulled: number; cursor: number }> {
    let pulled = 0;
    let keysRefreshed = false;
    const hasKey = (keyVersion: number) => ctx.hubKey(keyVersion) !== null;
    for (;;) {
      const page = await ctx.client.pull(cursor, 1000);
      if (!keysRefreshed && page.items.some((i) => !hasKey(i.keyVersion))) {
        keysRefreshed = true;
        await ctx.refreshKeys();
      }
      // The cursor never passes an item sealed under a key this device lacks (not received yet,
      // or refused): the page stops there, and the item is read again once the key arrives.
      const cut = cutPage(page.items, cursor, page.cursor, hasKey);
      this.stores.atomically(() => {
        for (const item of cut.usable) if (this.applyPulled(ctx, item)) pulled += 1;
        this.stores.memberships.update(ctx.hubId, { cursor: cut.cursor });
        const held = cut.held;
        if (held)
          this.stores.reports.record(
            ctx.hubId,
            'tampered',
            `Item ${held.id} revision ${held.revision} is sealed under hub key version ${held.keyVersion}, which this device does not hold; later changes wait until it does.`,
            { itemId: held.id },
          );
      });
      cursor = cut.cursor;
      if (!page.more || cut.held) return { pulled, cursor };
    }
  }

  private applyPulled(ctx: HubContext, item: HubItem): boolean {
    const { hubId } = ctx;
    const decision = decidePulled({
      item,
      queued: this.stores.outbox.queued(hubId, item.id),
      known: this.stores.itemStates.get(hubId, item.id),
      open: (pulled) => this.openRemote(ctx, pulled),
    });
    switch (decision.kind) {
      case 'skip':
        return false;
      case 'refuse':
        this.report(ctx, decision.finding);
        return false;
      case 'purge':
        this.purge(ctx, item.id);
        break;
      case 'apply':
        this.applyLive(ctx, item.id, decision.payload, () => ctx.memberName(item.updatedBy));
        break;
    }
    this.stores.itemStates.set(hubId, item.id, decision.state);
    return true;
  }

  /** Opens an item from the hub with its hub key and checks that it holds a key record. */
  private openRemote(ctx: HubContext, item: HubItem): RemoteContent {
    const unusable = (why: string): RemoteContent => ({ kind: 'unusable', why });
    const hubKey = ctx.hubKey(item.keyVersion);
    if (!hubKey)
      return unusable(`is sealed under hub key version ${item.keyVersion}, which this device never received`);
    let plaintext: string;
    try {
      plaintext = openItem(hubKey, item.ciphertext, {
        hubId: ctx.hubId,
        itemId: item.id,
        revision: item.revision,
        keyVersion: item.keyVersion,
      }).toString('utf8');
    } catch (error) {
      if (isAikeyError(error, 'HubTampered')) return unusable('does not open: it was altered or replayed');
      throw error;
    }
    if (item.deleted)
      return plaintext === TOMBSTONE_PLAINTEXT
        ? { kind: 'tombstone' }
        : unusable('is a tombstone with a payload');
    let json: unknown;
    try {
      json = JSON.parse(plaintext);
    } catch {
      return unusable('holds something that is not a key record');
    }
    const parsed = ItemPayloadSchema.safeParse(json);
    return parsed.success
      ? { kind: 'live', payload: parsed.data }
      : unusable('holds something that is not a key record');
  }

  private report(ctx: HubContext, finding: Finding): void {
    this.stores.reports.record(ctx.hubId, finding.kind, finding.detail, { itemId: finding.itemId });
  }

  /** `author` names the member whose write this is, for a copy named after it (asked only then). */
  private applyLive(ctx: HubContext, itemId: string, payload: ItemPayload, author?: () => string): void {
    let stored = payload;
    const outcome = this.items.apply(ctx.hubId, itemId, payload, this.now(), (clashId, name) => {
      if (keepsName(itemId, clashId) === 'incoming') {
        // Our key with the same name gives way to the hub's and is sent again under a new name.
        this.stores.outbox.enqueue(ctx.hubId, clashId, 'upsert');
        const renamed = this.items.conflictName(ctx.hubId, payload.provider, name, ctx.deviceName);
        this.record(ctx, 'key.update', clashId, { provider: payload.provider, name: renamed }, 'renamed');
        return { keeps: 'incoming', renameTo: renamed };
      }
      // The hub's item gives way here, named after its author, who renames it on the hub in turn
      // when its device meets ours (the same rule runs there).
      const renamed = this.items.conflictName(
        ctx.hubId,
        payload.provider,
        name,
        author?.() ?? ctx.deviceName,
      );
      stored = { ...payload, name: renamed };
      return { keeps: 'local', renameTo: renamed };
    });
    this.record(ctx, outcome === 'created' ? 'key.create' : 'key.update', itemId, stored);
  }

  private purge(ctx: HubContext, itemId: string): void {
    const removed = this.items.purge(ctx.hubId, itemId);
    if (removed) this.record(ctx, 'key.delete', itemId, removed);
  }

  private keepCopy(ctx: HubContext, payload: ItemPayload, deviceName: string): void {
    const name = this.items.conflictName(ctx.hubId, payload.provider, payload.name, deviceName);
    const id = this.items.insertCopy(ctx.hubId, payload, name, this.now());
    this.stores.outbox.enqueue(ctx.hubId, id, 'upsert');
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
