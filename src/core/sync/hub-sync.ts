// HubSync: the wallet's one service for team hubs, composed in wallet.ts with the wallet's audit
// log. The desktop, the CLI and live mode all go through its methods, so each gets the same
// behaviour, the same audit entries and the same people-facing shapes (views.ts). Operations on one
// hub run one at a time. A member_removed answer wipes the local copy of that hub, after keys with
// unpushed work are copied to Personal. Never logs, and never puts a token, invite secret or key in
// an error. The flows (push, pull, conflict, rotate, remove) are described in README.md.
import { AikeyError, isAikeyError } from '#shared/errors.js';
import type { HubMember, HubSummary, HubSyncResult } from '#shared/schemas/hubs.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { HubSyncReportRow } from '../db/schema/index.js';
import type { KeyChange } from '../keys/key-store.js';
import type { VaultSession } from '../vault/vault.js';
import { HubKeyring } from './hub-keyring.js';
import { DeviceIdentity } from './identity.js';
import { issueInvite, joinWithCode, type InviteOptions, type IssuedInvite } from './invites.js';
import { ItemSync } from './item-sync.js';
import { LiveFollower } from './live.js';
import { LocalItems } from './local-items.js';
import type { TrustedMember } from './member-trust.js';
import { cursorAfterOwnWrites } from './merge.js';
import { rescueThenWipe } from './rescue.js';
import { rotateHubKey } from './rotation.js';
import { openRunContext } from './run-context.js';
import { createHubStores, type HubStores } from './state/hub-stores.js';
import { HubClient } from './sync-client.js';
import { hubOverview, memberView, syncView, type HubMembershipSummary, type SyncResult } from './views.js';

export type SyncListener = (event: { hubId: string; result?: SyncResult; error?: AikeyError }) => void;

export class HubSync {
  readonly identity: DeviceIdentity;
  private readonly stores: HubStores;
  private readonly items: LocalItems;
  private readonly itemSync: ItemSync;
  private readonly keyring: HubKeyring;
  private readonly live: LiveFollower;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly requested = new Map<string, 'running' | 'again'>();
  private readonly listeners = new Set<SyncListener>();

  constructor(
    private readonly session: () => VaultSession,
    /** The wallet's audit log: sync's changes to keys are recorded beside everyone else's. */
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {
    this.identity = new DeviceIdentity(session, now);
    this.stores = createHubStores(session, now);
    this.items = new LocalItems(session);
    this.itemSync = new ItemSync(this.stores, this.items, now, audit);
    this.keyring = new HubKeyring(this.stores, this.identity);
    this.live = new LiveFollower(
      (hubId, signal, onEvent, onOpen) => this.client(hubId).follow(signal, onEvent, onOpen),
      (hubId) => this.requestSync(hubId),
      // Through the hub's queue: a sync of this hub may be mid-flight when its stream says removed.
      // A failed wipe (vault locked) is not lost: the next sync meets the same 401 and wipes then.
      (hubId) =>
        void this.exclusive(hubId, () => Promise.resolve().then(() => this.forget(hubId))).catch(
          () => undefined,
        ),
    );
  }

  /** This wallet's team-hub memberships, oldest first. */
  memberships(): HubMembershipSummary[] {
    const { memberships, outbox } = this.stores;
    const names = new Map(memberships.hubs().map((h) => [h.id, h.name]));
    return memberships.list().map((m) => ({
      hubId: m.hubId,
      name: names.get(m.hubId) ?? m.hubId,
      hubUrl: m.hubUrl,
      memberId: m.memberId,
      role: m.role,
      status: m.status,
      keyVersion: m.currentKeyVersion,
      pendingChanges: outbox.entries(m.hubId).length,
      lastSyncAt: m.lastSyncAt,
      lastError: m.lastError,
      live: this.live.isLive(m.hubId),
    }));
  }

  /** Every local hub (Personal first, then by name), each team hub with its sync status. */
  overview(): HubSummary[] {
    return hubOverview(this.stores.memberships.hubs(), this.memberships());
  }

  /** Joins a team hub with an invite code; the owner's invite also bootstraps the hub key. */
  async join(code: string, options: { deviceName?: string } = {}): Promise<HubMembershipSummary> {
    const hubId = await joinWithCode(this.stores, this.identity, code, options.deviceName);
    await this.sync(hubId).catch((error: unknown) => {
      // Joined is joined: a failed first sync is retried by the next one and shown in lastError.
      if (!(error instanceof AikeyError) || error.code === 'MemberRemoved') throw error;
    });
    return this.membershipSummary(hubId);
  }

  /** Joins, then follows the hub's live events (the desktop's join). */
  async joinAndFollow(code: string, options: { deviceName?: string } = {}): Promise<HubSummary> {
    const { hubId } = await this.join(code, options);
    this.startLive(hubId);
    const found = this.overview().find((h) => h.id === hubId);
    if (!found) throw new AikeyError('HubNotFound', 'This wallet has not joined a team hub with that id.');
    return found;
  }

  /** Creates an invite (admins and the owner) and returns the code to hand over out of band. */
  createInvite(hubId: string, options: InviteOptions = {}): Promise<IssuedInvite> {
    return this.exclusive(hubId, () =>
      issueInvite(this.stores, this.identity, this.keyring, this.client(hubId), hubId, options),
    );
  }

  /** Every member with its trust as this wallet sees it (swapped keys are reported). */
  members(hubId: string): Promise<TrustedMember[]> {
    return this.exclusive(hubId, () => this.keyring.members(hubId, this.client(hubId)));
  }

  /** The hub's current members for people (no keys, proofs or signatures), this device marked. */
  async memberView(hubId: string): Promise<HubMember[]> {
    const me = this.stores.memberships.find(hubId)?.memberId;
    return memberView(await this.members(hubId), me);
  }

  /** Removes a member, then rotates the hub key and re-seals every item for those who remain. */
  async removeMember(hubId: string, memberId: string): Promise<{ keyVersion: number }> {
    return this.exclusive(hubId, async () => {
      const membership = this.stores.memberships.get(hubId);
      if (membership.role === 'member')
        throw new AikeyError('NotHubAdmin', 'Only an admin or the owner can remove members.');
      if (memberId === membership.memberId)
        throw new AikeyError('InvalidInput', 'To leave a hub yourself, use leave.');
      await this.client(hubId).removeMember(memberId);
      this.stores.pins.markRemoved(hubId, memberId);
      return this.rotateNow(hubId, memberId);
    });
  }

  /** Rotates the hub key: a new version wrapped for every verified active member, every item re-sealed. */
  rotate(hubId: string): Promise<{ keyVersion: number }> {
    return this.exclusive(hubId, () => this.rotateNow(hubId));
  }

  /** Leaves the hub and forgets its keys on this device. */
  async leave(hubId: string): Promise<void> {
    await this.exclusive(hubId, async () => {
      const { memberId, role } = this.stores.memberships.get(hubId);
      if (role === 'owner') throw new AikeyError('InvalidInput', 'The owner cannot leave the hub it owns.');
      await this.client(hubId)
        .removeMember(memberId)
        .catch((error: unknown) => {
          if (!isAikeyError(error, 'MemberRemoved')) throw error;
        });
      this.forget(hubId);
    });
  }

  /** One full sync: keys, member checks and approvals, push, pull. */
  sync(hubId: string): Promise<SyncResult> {
    return this.exclusive(hubId, () => this.syncNow(hubId));
  }

  async syncAll(): Promise<SyncResult[]> {
    const results: SyncResult[] = [];
    for (const m of this.stores.memberships.list()) results.push(await this.sync(m.hubId));
    return results;
  }

  /** One full sync, told for people (what the desktop and the CLI show). */
  async syncSummary(hubId: string): Promise<HubSyncResult> {
    return syncView(await this.sync(hubId));
  }

  /** Every joined hub synced in turn, told for people. */
  async syncAllSummaries(): Promise<HubSyncResult[]> {
    return (await this.syncAll()).map(syncView);
  }

  reports(hubId: string, limit = 100): HubSyncReportRow[] {
    this.stores.memberships.get(hubId);
    return this.stores.reports.list(hubId, { limit });
  }

  /** KeyStore's change hook: a change to a team-hub key joins the outbox in the same transaction. */
  recordLocalChange(change: KeyChange): void {
    if (change.hubId === this.session().personalHubId || !this.stores.memberships.find(change.hubId)) return;
    this.stores.outbox.enqueue(change.hubId, change.keyId, change.op === 'delete' ? 'delete' : 'upsert');
    if (this.live.isLive(change.hubId)) setTimeout(() => this.requestSync(change.hubId), 0);
  }

  startLive(hubId: string): void {
    this.stores.memberships.get(hubId);
    this.live.start(hubId);
  }

  /** Follows every joined hub's live events; quiet when there is nothing to follow. */
  followAll(): void {
    for (const m of this.stores.memberships.list()) this.live.start(m.hubId);
  }

  stopLive(hubId: string): void {
    this.live.stop(hubId);
  }

  stopAll(): void {
    this.live.stopAll();
  }

  onSynced(listener: SyncListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async syncNow(hubId: string): Promise<SyncResult> {
    const { memberships, reports, invites } = this.stores;
    const firstReport = reports.lastId(hubId);
    const result: SyncResult = {
      hubId,
      status: 'synced',
      pushed: 0,
      pulled: 0,
      conflicts: 0,
      approved: 0,
      reports: [],
    };
    try {
      const client = this.client(hubId);
      // Hub keys are fetched when this device has none yet; after that a rotation announces itself
      // (an unknown key version on pull, a key-version 409 on push) and they are fetched then.
      if (memberships.get(hubId).currentKeyVersion === 0) await this.keyring.refreshKeys(hubId, client);
      // The member list is read while this wallet has invites out (someone may await approval);
      // the members view and rotation read it too. Everyday syncs save the request.
      const members = invites.countOpen(hubId) > 0 ? await this.keyring.members(hubId, client) : [];
      result.approved = await this.keyring.approvePending(hubId, client, members);
      const membership = memberships.get(hubId);
      if (membership.currentKeyVersion === 0) {
        result.status = 'pending';
      } else {
        const ctx = openRunContext(this.stores, this.keyring, this.identity, { hubId, client, members });
        try {
          const pushed = await this.itemSync.push(ctx);
          const cursor = cursorAfterOwnWrites(membership.cursor, pushed.seqs);
          const pulled = await this.itemSync.pull(ctx, cursor);
          Object.assign(result, {
            pushed: pushed.pushed,
            conflicts: pushed.conflicts,
            pulled: pulled.pulled,
          });
        } finally {
          ctx.release();
        }
      }
      memberships.update(hubId, { lastSyncAt: this.now(), lastError: null });
      result.reports = reports.list(hubId, { afterId: firstReport });
      return result;
    } catch (error) {
      if (isAikeyError(error, 'MemberRemoved')) {
        this.forget(hubId);
        return { ...result, status: 'removed' };
      }
      if (isAikeyError(error, 'MemberPending')) return { ...result, status: 'pending' };
      if (error instanceof AikeyError && error.code !== 'VaultLocked' && memberships.find(hubId)) {
        memberships.update(hubId, { lastError: error.message });
      }
      throw error;
    }
  }

  private async rotateNow(hubId: string, removedMemberId?: string): Promise<{ keyVersion: number }> {
    for (let attempt = 1; ; attempt += 1) {
      const synced = await this.syncNow(hubId);
      if (synced.status === 'removed')
        throw new AikeyError('MemberRemoved', 'This device was removed from the hub.');
      const client = this.client(hubId);
      const members = await this.keyring.members(hubId, client);
      const outcome = await rotateHubKey({
        hubId,
        client,
        members,
        stores: this.stores,
        items: this.items,
        signingKey: this.identity.signingKey(),
        ...(removedMemberId === undefined ? {} : { removedMemberId }),
      });
      if (outcome !== 'conflict') return { keyVersion: outcome };
      if (attempt === 3)
        throw new AikeyError('HubRejected', 'The hub key could not be rotated: items kept changing.');
    }
  }

  /** Live mode's coalescing trigger: one sync at a time per hub, one more if asked meanwhile. */
  private requestSync(hubId: string): void {
    if (this.requested.has(hubId)) {
      this.requested.set(hubId, 'again');
      return;
    }
    this.requested.set(hubId, 'running');
    void (async () => {
      do {
        this.requested.set(hubId, 'running');
        try {
          const result = await this.sync(hubId);
          this.emit({ hubId, result });
        } catch (error) {
          this.emit({
            hubId,
            error: error instanceof AikeyError ? error : new AikeyError('Internal', 'Sync failed.'),
          });
        }
      } while (this.requested.get(hubId) === 'again');
      this.requested.delete(hubId);
    })();
  }

  private emit(event: Parameters<SyncListener>[0]): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Wipes the local copy of a hub this device no longer belongs to; unpushed work moves to Personal. */
  private forget(hubId: string): void {
    this.live.stop(hubId);
    if (this.stores.memberships.find(hubId))
      rescueThenWipe(this.session, this.stores, this.items, this.audit, hubId, this.now);
  }

  private client(hubId: string): HubClient {
    const { memberships } = this.stores;
    return new HubClient(memberships.get(hubId).hubUrl, hubId, memberships.deviceToken(hubId));
  }

  private membershipSummary(hubId: string): HubMembershipSummary {
    const found = this.memberships().find((h) => h.hubId === hubId);
    if (!found) throw new AikeyError('HubNotFound', 'This wallet has not joined a team hub with that id.');
    return found;
  }

  private exclusive<T>(hubId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(hubId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(hubId, settled);
    void settled.then(() => {
      if (this.queues.get(hubId) === settled) this.queues.delete(hubId);
    });
    return next;
  }
}
