// HubSync: the wallet's side of team hubs, composed in wallet.ts like the other services. Join by
// invite code, invite, list and verify members, remove (then rotate the hub key and re-seal every
// item), leave, sync (approve pending members, push the outbox, pull) and live mode. Operations on
// one hub run one at a time. A 401 member_removed wipes the local copy of that hub, after keys
// with unpushed work are copied to Personal. Keys of a team hub live in the keys table under the
// hub's id, so they work offline and through the endpoint.
// Never logs, and never puts a token, invite secret or key in an error.
import { eq } from 'drizzle-orm';
import { AikeyError, isAikeyError } from '#shared/errors.js';
import type { HubRole } from '#shared/hub-api.js';
import { AuditLog } from '../audit/audit-log.js';
import { hubs, type HubSyncReportRow } from '../db/schema/index.js';
import type { KeyChange } from '../keys/key-store.js';
import type { VaultSession } from '../vault/vault.js';
import { HubKeyring } from './hub-keyring.js';
import { HubState } from './hub-state.js';
import { DeviceIdentity } from './identity.js';
import { issueInvite, joinWithCode, type InviteOptions, type IssuedInvite } from './invites.js';
import { ItemSync, type HubContext } from './item-sync.js';
import { LiveFollower } from './live.js';
import { LocalItems } from './local-items.js';
import type { TrustedMember } from './member-trust.js';
import { rescueThenWipe } from './rescue.js';
import { rotateHubKey } from './rotation.js';
import { HubClient, HubRequestError } from './sync-client.js';

export interface SyncResult {
  hubId: string;
  status: 'synced' | 'pending' | 'removed';
  pushed: number;
  pulled: number;
  conflicts: number;
  approved: number;
  /** What this run found wrong with the hub (also kept in the vault). */
  reports: HubSyncReportRow[];
}

export interface HubSummary {
  hubId: string;
  name: string;
  hubUrl: string;
  memberId: string;
  role: HubRole;
  status: 'pending' | 'active';
  keyVersion: number;
  pendingChanges: number;
  lastSyncAt: number | null;
  lastError: string | null;
  live: boolean;
}

export type SyncListener = (event: { hubId: string; result?: SyncResult; error?: AikeyError }) => void;

export class HubSync {
  readonly identity: DeviceIdentity;
  private readonly state: HubState;
  private readonly items: LocalItems;
  private readonly itemSync: ItemSync;
  private readonly keyring: HubKeyring;
  private readonly live: LiveFollower;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly requested = new Map<string, 'running' | 'again'>();
  private readonly listeners = new Set<SyncListener>();

  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {
    this.identity = new DeviceIdentity(session, now);
    this.state = new HubState(session, now);
    this.items = new LocalItems(session);
    this.itemSync = new ItemSync(this.state, this.items, now, new AuditLog(session, now));
    this.keyring = new HubKeyring(this.state, this.identity);
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

  list(): HubSummary[] {
    const { db } = this.session();
    const names = new Map(
      db
        .select()
        .from(hubs)
        .all()
        .map((h) => [h.id, h.name]),
    );
    return this.state.memberships().map((m) => ({
      hubId: m.hubId,
      name: names.get(m.hubId) ?? m.hubId,
      hubUrl: m.hubUrl,
      memberId: m.memberId,
      role: m.role,
      status: m.status,
      keyVersion: m.currentKeyVersion,
      pendingChanges: this.state.outbox(m.hubId).length,
      lastSyncAt: m.lastSyncAt,
      lastError: m.lastError,
      live: this.live.isLive(m.hubId),
    }));
  }

  /** Joins a team hub with an invite code; the owner's invite also bootstraps the hub key. */
  async join(code: string, options: { deviceName?: string } = {}): Promise<HubSummary> {
    const hubId = await joinWithCode(this.session, this.state, this.identity, code, options.deviceName);
    await this.sync(hubId).catch((error: unknown) => {
      // Joined is joined: a failed first sync is retried by the next one and shown in lastError.
      if (!(error instanceof AikeyError) || error.code === 'MemberRemoved') throw error;
    });
    return this.summary(hubId);
  }

  /** Creates an invite (admins and the owner) and returns the code to hand over out of band. */
  createInvite(hubId: string, options: InviteOptions = {}): Promise<IssuedInvite> {
    return this.exclusive(hubId, () =>
      issueInvite(this.state, this.identity, this.keyring, this.client(hubId), hubId, options),
    );
  }

  /** Every member with its trust as this wallet sees it (swapped keys are reported). */
  members(hubId: string): Promise<TrustedMember[]> {
    return this.exclusive(hubId, () => this.keyring.members(hubId, this.client(hubId)));
  }

  /** Removes a member, then rotates the hub key and re-seals every item for those who remain. */
  async removeMember(hubId: string, memberId: string): Promise<{ keyVersion: number }> {
    return this.exclusive(hubId, async () => {
      const membership = this.state.membership(hubId);
      if (membership.role === 'member')
        throw new AikeyError('NotHubAdmin', 'Only an admin or the owner can remove members.');
      if (memberId === membership.memberId)
        throw new AikeyError('InvalidInput', 'To leave a hub yourself, use leave.');
      await this.client(hubId).removeMember(memberId);
      this.state.markRemoved(hubId, memberId);
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
      const { memberId, role } = this.state.membership(hubId);
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
    for (const m of this.state.memberships()) results.push(await this.sync(m.hubId));
    return results;
  }

  reports(hubId: string, limit = 100): HubSyncReportRow[] {
    this.state.membership(hubId);
    return this.state.reports(hubId, { limit });
  }

  /** KeyStore's change hook: a change to a team-hub key joins the outbox in the same transaction. */
  recordLocalChange(change: KeyChange): void {
    if (change.hubId === this.session().personalHubId || !this.state.findMembership(change.hubId)) return;
    this.state.enqueue(change.hubId, change.keyId, change.op === 'delete' ? 'delete' : 'upsert');
    if (this.live.isLive(change.hubId)) setTimeout(() => this.requestSync(change.hubId), 0);
  }

  startLive(hubId: string): void {
    this.state.membership(hubId);
    this.live.start(hubId);
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
    const firstReport = this.state.lastReportId(hubId);
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
      if (this.state.membership(hubId).currentKeyVersion === 0) await this.keyring.refreshKeys(hubId, client);
      // The member list is read while this wallet has invites out (someone may await approval);
      // the members view and rotation read it too. Everyday syncs save the request.
      const members = this.state.openInvites(hubId) > 0 ? await this.keyring.members(hubId, client) : [];
      result.approved = await this.keyring.approvePending(hubId, client, members);
      const membership = this.state.membership(hubId);
      if (membership.currentKeyVersion === 0) {
        result.status = 'pending';
      } else {
        const ctx = this.context(hubId, client, members);
        try {
          const pushed = await this.itemSync.push(ctx);
          const cursor = ItemSync.cursorAfterOwnWrites(membership.cursor, pushed.seqs);
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
      this.state.updateMembership(hubId, { lastSyncAt: this.now(), lastError: null });
      result.reports = this.state.reports(hubId, { afterId: firstReport });
      return result;
    } catch (error) {
      if (isAikeyError(error, 'MemberRemoved')) {
        this.forget(hubId);
        return { ...result, status: 'removed' };
      }
      if (error instanceof HubRequestError && error.hubCode === 'member_pending') {
        return { ...result, status: 'pending' };
      }
      if (error instanceof AikeyError && error.code !== 'VaultLocked' && this.state.findMembership(hubId)) {
        this.state.updateMembership(hubId, { lastError: error.message });
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
        state: this.state,
        items: this.items,
        signingKey: this.identity.signingKey(),
        ...(removedMemberId === undefined ? {} : { removedMemberId }),
      });
      if (outcome !== 'conflict') return { keyVersion: outcome };
      if (attempt === 3)
        throw new AikeyError('HubRejected', 'The hub key could not be rotated: items kept changing.');
    }
  }

  /**
   * What item sync needs for one run. Hub keys are opened once per run (not once per item) and
   * wiped by `release`, so no opened key outlives the run.
   */
  private context(
    hubId: string,
    client: HubClient,
    members: TrustedMember[],
  ): HubContext & { release(): void } {
    const names = new Map(members.map((m) => [m.memberId, m.deviceName]));
    const opened = new Map<number, Buffer | null>();
    let keyVersion = this.state.membership(hubId).currentKeyVersion;
    const hub = this.session().db.select({ name: hubs.name }).from(hubs).where(eq(hubs.id, hubId)).get();
    return {
      hubId,
      hubName: hub?.name ?? hubId,
      client,
      deviceName: this.identity.ensure().deviceName,
      currentKeyVersion: () => keyVersion,
      hubKey: (version) => {
        if (!opened.has(version)) opened.set(version, this.state.hubKey(hubId, version));
        return opened.get(version) ?? null;
      },
      refreshKeys: async () => {
        await this.keyring.refreshKeys(hubId, client);
        for (const key of opened.values()) key?.fill(0);
        opened.clear();
        keyVersion = this.state.membership(hubId).currentKeyVersion;
      },
      memberName: (memberId) =>
        names.get(memberId) ?? this.state.pins(hubId).get(memberId)?.deviceName ?? 'another device',
      release: () => {
        for (const key of opened.values()) key?.fill(0);
        opened.clear();
      },
    };
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
    if (this.state.findMembership(hubId))
      rescueThenWipe(this.session, this.state, this.items, hubId, this.now);
  }

  private client(hubId: string): HubClient {
    const membership = this.state.membership(hubId);
    return new HubClient(membership.hubUrl, hubId, this.state.deviceToken(hubId));
  }

  private summary(hubId: string): HubSummary {
    const found = this.list().find((h) => h.hubId === hubId);
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
