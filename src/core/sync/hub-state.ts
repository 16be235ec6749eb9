// What this wallet keeps about each team hub it belongs to: the membership (device token sealed),
// hub keys per version (sealed), the last-seen revision of each item, the outbox, invite secrets it
// handed out (sealed), pinned member keys and the reports of what a hub got wrong. Every secret is
// sealed with the vault's sealing key and an AAD naming hub, purpose and version, so a sealed value
// copied to another row does not open. Nothing here talks to the network.
import { and, asc, desc, eq, gt, lt, max } from 'drizzle-orm';
import { AikeyError } from '#shared/errors.js';
import { open, seal } from '../crypto/aead.js';
import { perSession } from '../db/per-session.js';
import {
  hubInvites,
  hubKeys,
  hubMemberPins,
  hubMemberships,
  hubRemovedMembers,
  hubs,
  hubSyncReports,
  keys,
  type HubMembershipRow,
  type HubSyncReportRow,
} from '../db/schema/index.js';
import type { VaultSession } from '../vault/vault.js';

export type ReportKind = HubSyncReportRow['kind'];
export interface ItemState {
  revision: number;
  keyVersion: number;
  deleted: boolean;
}
export interface OutboxEntry {
  itemId: string;
  op: 'upsert' | 'delete';
  /** Grows on every new local change to the item, so a push dequeues only what it sent. */
  queuedAt: number;
}

const aad = (...parts: (string | number)[]) => Buffer.from(`aikey/v1/${parts.join('|')}`, 'utf8');

const statements = perSession(({ sqlite }) => ({
  itemState: sqlite.prepare<[string, string], { revision: number; key_version: number; deleted: number }>(
    `SELECT revision, key_version, deleted FROM hub_item_state WHERE hub_id = ? AND item_id = ?`,
  ),
  setItemState: sqlite.prepare<[string, string, number, number, number]>(
    `INSERT INTO hub_item_state (hub_id, item_id, revision, key_version, deleted) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (hub_id, item_id) DO UPDATE SET revision = excluded.revision,
       key_version = excluded.key_version, deleted = excluded.deleted`,
  ),
  dropItemState: sqlite.prepare<[string, string]>(
    `DELETE FROM hub_item_state WHERE hub_id = ? AND item_id = ?`,
  ),
  liveItems: sqlite.prepare<[string], { item_id: string; revision: number }>(
    `SELECT item_id, revision FROM hub_item_state WHERE hub_id = ? AND deleted = 0 ORDER BY item_id`,
  ),
  queued: sqlite.prepare<[string, string], { op: 'upsert' | 'delete' }>(
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
  outbox: sqlite.prepare<[string], { item_id: string; op: 'upsert' | 'delete'; queued_at: number }>(
    `SELECT item_id, op, queued_at FROM sync_outbox WHERE hub_id = ? ORDER BY queued_at, item_id`,
  ),
}));

export class HubState {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  memberships(): HubMembershipRow[] {
    return this.session().db.select().from(hubMemberships).orderBy(asc(hubMemberships.joinedAt)).all();
  }

  findMembership(hubId: string): HubMembershipRow | null {
    return (
      this.session().db.select().from(hubMemberships).where(eq(hubMemberships.hubId, hubId)).get() ?? null
    );
  }

  membership(hubId: string): HubMembershipRow {
    const row = this.findMembership(hubId);
    if (!row) throw new AikeyError('HubNotFound', 'This wallet has not joined a team hub with that id.');
    return row;
  }

  /** Creates the local hub row and the membership together. */
  addMembership(
    hub: { id: string; name: string },
    m: Omit<
      HubMembershipRow,
      'hubId' | 'deviceTokenSealed' | 'joinedAt' | 'lastSyncAt' | 'lastError' | 'cursor' | 'currentKeyVersion'
    >,
    deviceToken: string,
  ): void {
    const { db, sqlite, sealKey } = this.session();
    const now = this.now();
    sqlite.transaction(() => {
      db.insert(hubs).values({ id: hub.id, name: hub.name, kind: 'team', createdAt: now }).run();
      db.insert(hubMemberships)
        .values({
          ...m,
          hubId: hub.id,
          deviceTokenSealed: seal(sealKey, Buffer.from(deviceToken, 'utf8'), aad('hub-device-token', hub.id)),
          joinedAt: now,
        })
        .run();
    })();
  }

  updateMembership(hubId: string, changes: Partial<Omit<HubMembershipRow, 'hubId'>>): void {
    this.session().db.update(hubMemberships).set(changes).where(eq(hubMemberships.hubId, hubId)).run();
  }

  deviceToken(hubId: string): string {
    const { sealKey } = this.session();
    return open(
      sealKey,
      this.membership(hubId).deviceTokenSealed,
      aad('hub-device-token', hubId),
      'A hub device token',
    ).toString('utf8');
  }

  saveHubKey(hubId: string, keyVersion: number, hubKey: Buffer): void {
    const { db, sealKey } = this.session();
    const sealed = seal(sealKey, hubKey, aad('hub-key', hubId, keyVersion));
    db.insert(hubKeys)
      .values({ hubId, keyVersion, sealed, createdAt: this.now() })
      .onConflictDoUpdate({ target: [hubKeys.hubId, hubKeys.keyVersion], set: { sealed } })
      .run();
  }

  /** The hub key of a version, or null when this device never received it. */
  hubKey(hubId: string, keyVersion: number): Buffer | null {
    const { db, sealKey } = this.session();
    const row = db
      .select()
      .from(hubKeys)
      .where(and(eq(hubKeys.hubId, hubId), eq(hubKeys.keyVersion, keyVersion)))
      .get();
    return row ? open(sealKey, row.sealed, aad('hub-key', hubId, keyVersion), 'A hub key') : null;
  }

  hubKeyVersions(hubId: string): number[] {
    return this.session()
      .db.select({ v: hubKeys.keyVersion })
      .from(hubKeys)
      .where(eq(hubKeys.hubId, hubId))
      .orderBy(asc(hubKeys.keyVersion))
      .all()
      .map((r) => r.v);
  }

  itemState(hubId: string, itemId: string): ItemState | null {
    const row = statements(this.session()).itemState.get(hubId, itemId);
    return row ? { revision: row.revision, keyVersion: row.key_version, deleted: row.deleted === 1 } : null;
  }

  setItemState(hubId: string, itemId: string, state: ItemState): void {
    statements(this.session()).setItemState.run(
      hubId,
      itemId,
      state.revision,
      state.keyVersion,
      state.deleted ? 1 : 0,
    );
  }

  dropItemState(hubId: string, itemId: string): void {
    statements(this.session()).dropItemState.run(hubId, itemId);
  }

  liveItems(hubId: string): { itemId: string; revision: number }[] {
    return statements(this.session())
      .liveItems.all(hubId)
      .map((r) => ({ itemId: r.item_id, revision: r.revision }));
  }

  queued(hubId: string, itemId: string): 'upsert' | 'delete' | null {
    return statements(this.session()).queued.get(hubId, itemId)?.op ?? null;
  }

  enqueue(hubId: string, itemId: string, op: 'upsert' | 'delete'): void {
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

  outbox(hubId: string): OutboxEntry[] {
    return statements(this.session())
      .outbox.all(hubId)
      .map((r) => ({ itemId: r.item_id, op: r.op, queuedAt: r.queued_at }));
  }

  keepInvite(
    hubId: string,
    inviteId: string,
    role: 'admin' | 'member',
    secret: Buffer,
    expiresAt: number,
  ): void {
    const { db, sealKey } = this.session();
    db.insert(hubInvites)
      .values({
        inviteId,
        hubId,
        role,
        secretSealed: seal(sealKey, secret, aad('hub-invite', hubId, inviteId)),
        createdAt: this.now(),
        expiresAt,
      })
      .run();
  }

  /** Invite secrets this wallet handed out for a hub, opened (the caller wipes them). */
  keptInvites(hubId: string): { inviteId: string; role: 'admin' | 'member'; secret: Buffer }[] {
    const { db, sealKey } = this.session();
    return db
      .select()
      .from(hubInvites)
      .where(eq(hubInvites.hubId, hubId))
      .all()
      .map((r) => ({
        inviteId: r.inviteId,
        role: r.role,
        secret: open(sealKey, r.secretSealed, aad('hub-invite', hubId, r.inviteId), 'An invite secret'),
      }));
  }

  /** How many unexpired invites this wallet has out for a hub; expired ones are forgotten. */
  openInvites(hubId: string): number {
    const { db } = this.session();
    db.delete(hubInvites)
      .where(and(eq(hubInvites.hubId, hubId), lt(hubInvites.expiresAt, this.now())))
      .run();
    return db
      .select({ inviteId: hubInvites.inviteId })
      .from(hubInvites)
      .where(eq(hubInvites.hubId, hubId))
      .all().length;
  }

  forgetInvite(inviteId: string): void {
    this.session().db.delete(hubInvites).where(eq(hubInvites.inviteId, inviteId)).run();
  }

  pins(hubId: string): Map<string, { encPub: string; signPub: string; deviceName: string }> {
    const rows = this.session().db.select().from(hubMemberPins).where(eq(hubMemberPins.hubId, hubId)).all();
    return new Map(
      rows.map((r) => [r.memberId, { encPub: r.encPub, signPub: r.signPub, deviceName: r.deviceName }]),
    );
  }

  pin(
    hubId: string,
    member: { memberId: string; encPub: string; signPub: string; deviceName: string },
  ): void {
    this.session()
      .db.insert(hubMemberPins)
      .values({ hubId, ...member, pinnedAt: this.now() })
      .onConflictDoNothing()
      .run();
  }

  /** Remembers that this wallet removed a member: it stays gone here whatever the hub lists. */
  markRemoved(hubId: string, memberId: string): void {
    this.session()
      .db.insert(hubRemovedMembers)
      .values({ hubId, memberId, removedAt: this.now() })
      .onConflictDoNothing()
      .run();
  }

  removedMembers(hubId: string): Set<string> {
    const rows = this.session()
      .db.select({ memberId: hubRemovedMembers.memberId })
      .from(hubRemovedMembers)
      .where(eq(hubRemovedMembers.hubId, hubId))
      .all();
    return new Set(rows.map((r) => r.memberId));
  }

  /** Records what a hub got wrong, once per distinct finding. */
  report(
    hubId: string,
    kind: ReportKind,
    detail: string,
    ids: { itemId?: string; memberId?: string } = {},
  ): void {
    const { db } = this.session();
    const seen = db
      .select({ id: hubSyncReports.id })
      .from(hubSyncReports)
      .where(
        and(
          eq(hubSyncReports.hubId, hubId),
          eq(hubSyncReports.kind, kind),
          eq(hubSyncReports.detail, detail),
        ),
      )
      .get();
    if (seen) return;
    db.insert(hubSyncReports)
      .values({
        hubId,
        kind,
        detail,
        at: this.now(),
        itemId: ids.itemId ?? null,
        memberId: ids.memberId ?? null,
      })
      .run();
  }

  /** The newest reports first; `afterId` limits them to those recorded since. */
  reports(hubId: string, options: { afterId?: number; limit?: number } = {}): HubSyncReportRow[] {
    return this.session()
      .db.select()
      .from(hubSyncReports)
      .where(and(eq(hubSyncReports.hubId, hubId), gt(hubSyncReports.id, options.afterId ?? 0)))
      .orderBy(desc(hubSyncReports.id))
      .limit(options.limit ?? 100)
      .all();
  }

  lastReportId(hubId: string): number {
    const row = this.session()
      .db.select({ id: max(hubSyncReports.id) })
      .from(hubSyncReports)
      .where(eq(hubSyncReports.hubId, hubId))
      .get();
    return row?.id ?? 0;
  }

  /** Forgets a team hub entirely: its keys, then the hub row (membership and the rest cascade). */
  wipe(hubId: string): void {
    const { db, sqlite } = this.session();
    sqlite.transaction(() => {
      db.delete(keys).where(eq(keys.hubId, hubId)).run();
      db.delete(hubs)
        .where(and(eq(hubs.id, hubId), eq(hubs.kind, 'team')))
        .run();
    })();
  }

  /** Runs `fn` in one vault transaction. */
  atomically<T>(fn: () => T): T {
    return this.session().sqlite.transaction(fn)();
  }
}
