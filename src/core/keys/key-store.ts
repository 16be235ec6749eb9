// Provider keys: create, list (masked, never decrypted), reveal (decrypts, audited), update and
// rotate, soft delete, restore, purge, usage and expiry. Rows are written only through KeyRows,
// which seals every secret on its own (AAD: key id + hub id) inside the already-encrypted database.
// Bad input throws a typed error before anything is written; errors name the expected form, never
// the value. Each change is audited and told to the team-hub sync here, not in KeyRows.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { AikeyError } from '#shared/errors.js';
import { checkKeyFormat, PROVIDERS, type ProviderId } from '#shared/providers.js';
import {
  KeyCreateSchema,
  KeyListQuerySchema,
  KeyUpdateSchema,
  type KeyCreateInput,
  type KeyListQuery,
  type KeySummary,
  type KeyUpdateInput,
} from '#shared/schemas/keys.js';
import { hubs, keys, type HubRow } from '../db/schema/index.js';
import type { VaultSession } from '../vault/vault.js';
import { parseInput } from '../validation.js';
import { perSession } from '../db/per-session.js';
import { writeTransaction } from '../db/write-transaction.js';
import { StampedCache, watchContent } from '../db/change-watch.js';
import { hubByRef, lastUsesOfProvider, listKeys, liveKeysOfProvider } from './key-list.js';
import { KeyRows, type StoredKey } from './key-rows.js';
import { APP_ACTOR, type Actor, type AuditAction, type AuditLog } from '../audit/audit-log.js';

const DAY_MS = 86_400_000;

function missingBaseUrl(provider: ProviderId): AikeyError {
  return new AikeyError(
    'InvalidInput',
    provider === 'custom'
      ? 'baseUrl: a custom endpoint key needs its base URL.'
      : `baseUrl: a ${PROVIDERS[provider].displayName} key needs its resource endpoint as its base URL.`,
  );
}

const summaryColumns = {
  id: keys.id,
  hubId: keys.hubId,
  hubName: hubs.name,
  provider: keys.provider,
  name: keys.name,
  masked: keys.masked,
  notes: keys.notes,
  baseUrl: keys.baseUrl,
  expiresAt: keys.expiresAt,
  createdAt: keys.createdAt,
  updatedAt: keys.updatedAt,
  usageCount: keys.usageCount,
  lastUsedAt: keys.lastUsedAt,
  deletedAt: keys.deletedAt,
  previousMasked: keys.previousMasked,
  rotatedAt: keys.rotatedAt,
};

const hotQueries = perSession(({ db, sqlite }) => ({
  sealedByProviderAndName: new StampedCache<(KeySummary & { sealed: Buffer })[]>(watchContent(sqlite)),
  /**
   * Values already opened, keyed by the very sealed blob they came from: a write empties the
   * sealed cache above, so the next request loads new blobs and misses here (an edited, rotated or
   * deleted key is never served from it), and dropDecrypted() empties it before each lock.
   */
  opened: { byBlob: new WeakMap<Buffer, string>() },
  liveByProviderAndName: db
    .select({ ...summaryColumns, sealed: keys.secret })
    .from(keys)
    .innerJoin(hubs, eq(hubs.id, keys.hubId))
    .where(
      and(
        isNull(keys.deletedAt),
        eq(keys.provider, sql.placeholder('provider')),
        eq(keys.name, sql.placeholder('name')),
      ),
    )
    .orderBy(sql`${hubs.kind} = 'personal' DESC`, asc(hubs.name))
    .prepare(),
}));

/** A change to a key, told to the team-hub sync inside the same transaction (it enqueues it). */
export interface KeyChange {
  hubId: string;
  keyId: string;
  op: 'create' | 'update' | 'delete' | 'restore';
}

export class KeyStore {
  private readonly rows: KeyRows;

  constructor(
    private readonly session: () => VaultSession,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly onChange?: (change: KeyChange) => void,
  ) {
    this.rows = new KeyRows(session);
  }

  create(input: KeyCreateInput, actor: Actor = APP_ACTOR): KeySummary {
    return this.atomically(() => this.createNow(input, actor));
  }

  private createNow(input: KeyCreateInput, actor: Actor): KeySummary {
    const data = parseInput(KeyCreateSchema, input);
    const hub = this.hub(data.hubId ?? this.session().personalHubId);
    this.assertFormat(data.provider, data.secret);
    if (PROVIDERS[data.provider].needsBaseUrl && !data.baseUrl) throw missingBaseUrl(data.provider);
    this.assertNameFree(hub, data.provider, data.name);
    const id = randomUUID();
    this.rows.insert(
      hub.id,
      id,
      {
        provider: data.provider,
        name: data.name,
        secret: data.secret,
        notes: data.notes ?? null,
        baseUrl: data.baseUrl ?? null,
        expiresAt: data.expiresAt ?? null,
      },
      this.now(),
    );
    const summary = this.summary(id);
    this.log(actor, 'key.create', summary);
    this.onChange?.({ hubId: hub.id, keyId: id, op: 'create' });
    return summary;
  }

  /** Keys by hub name, provider and name; `limit`/`offset` take a page of that order. */
  list(query: KeyListQuery = {}): KeySummary[] {
    return listKeys(this.session(), parseInput(KeyListQuerySchema, query));
  }

  get(id: string): KeySummary {
    return this.summary(id);
  }

  /** Decrypts one key for the user. Audited, whatever the outcome. */
  reveal(id: string, actor: Actor = APP_ACTOR): string {
    // Not one transaction: a failed decryption must still leave its audit entry behind.
    const row = this.row(id);
    try {
      const secret = this.rows.openSecret(row);
      this.log(actor, 'key.reveal', this.summary(id));
      return secret;
    } catch (error) {
      this.log(actor, 'key.reveal', this.summary(id), 'error');
      throw error;
    }
  }

  update(input: KeyUpdateInput, actor: Actor = APP_ACTOR): KeySummary {
    return this.atomically(() => this.updateNow(input, actor));
  }

  private updateNow(input: KeyUpdateInput, actor: Actor): KeySummary {
    const data = parseInput(KeyUpdateSchema, input);
    const row = this.row(data.id);
    if (row.deletedAt !== null)
      throw new AikeyError('KeyNotFound', 'That key is deleted. Restore it before editing.');
    const provider = row.provider as ProviderId;
    const hub = this.hub(row.hubId);
    if (data.name !== undefined && data.name !== row.name) this.assertNameFree(hub, provider, data.name);
    if (PROVIDERS[provider].needsBaseUrl && data.baseUrl === null) throw missingBaseUrl(provider);
    if (data.secret !== undefined) this.assertFormat(provider, data.secret);
    const { rotated } = this.rows.update(
      row,
      {
        name: data.name,
        notes: data.notes,
        baseUrl: data.baseUrl,
        expiresAt: data.expiresAt,
        secret: data.secret,
      },
      this.now(),
    );
    const summary = this.summary(row.id);
    this.log(actor, rotated ? 'key.rotate' : 'key.update', summary);
    this.onChange?.({ hubId: row.hubId, keyId: row.id, op: 'update' });
    return summary;
  }

  remove(id: string, actor: Actor = APP_ACTOR): KeySummary {
    return this.atomically(() => this.removeNow(id, actor));
  }

  private removeNow(id: string, actor: Actor): KeySummary {
    const row = this.row(id);
    if (row.deletedAt === null) this.rows.markDeleted(id, this.now());
    const summary = this.summary(id);
    this.log(actor, 'key.delete', summary);
    this.onChange?.({ hubId: row.hubId, keyId: id, op: 'delete' });
    return summary;
  }

  restore(id: string, actor: Actor = APP_ACTOR): KeySummary {
    return this.atomically(() => this.restoreNow(id, actor));
  }

  private restoreNow(id: string, actor: Actor): KeySummary {
    const row = this.row(id);
    if (row.deletedAt !== null) {
      this.assertNameFree(this.hub(row.hubId), row.provider as ProviderId, row.name);
      this.rows.restore(id, this.now());
    }
    const summary = this.summary(id);
    this.log(actor, 'key.restore', summary);
    this.onChange?.({ hubId: row.hubId, keyId: id, op: 'restore' });
    return summary;
  }

  /** Erases a deleted key for good. Live keys must be deleted first, so one slip never destroys a key. */
  purge(id: string, actor: Actor = APP_ACTOR): void {
    this.atomically(() => this.purgeNow(id, actor));
  }

  private purgeNow(id: string, actor: Actor): void {
    const summary = this.summary(id);
    if (summary.deletedAt === null) {
      throw new AikeyError('InvalidInput', 'Only a deleted key can be purged. Delete it first.');
    }
    this.rows.purge(summary.hubId, id);
    this.log(actor, 'key.purge', summary);
  }

  /** Live keys whose expiry falls within the next `days` days, including those already expired. */
  expiringWithin(days: number): KeySummary[] {
    if (!Number.isFinite(days) || days < 0)
      throw new AikeyError('InvalidInput', 'days must be zero or more.');
    const { db } = this.session();
    return db
      .select(summaryColumns)
      .from(keys)
      .innerJoin(hubs, eq(hubs.id, keys.hubId))
      .where(
        and(
          isNull(keys.deletedAt),
          isNotNull(keys.expiresAt),
          lte(keys.expiresAt, this.now() + days * DAY_MS),
        ),
      )
      .orderBy(asc(keys.expiresAt))
      .all() as KeySummary[];
  }

  /**
   * The live key a client asked for with its decrypted value, in one query (the endpoint's hot
   * path), restricted to `hubIds` (null = every hub), the Personal hub first when several hubs hold
   * the same provider and name. Not audited here; the caller writes its own audit entry.
   */
  findLiveWithSecret(
    provider: ProviderId,
    name: string,
    hubIds: readonly string[] | null,
  ): { key: KeySummary; secret: string } | null {
    const found = this.findLiveSealed(provider, name, hubIds);
    if (!found) return null;
    const { sealed, ...key } = found;
    const { opened } = hotQueries(this.session());
    let secret = opened.byBlob.get(sealed);
    if (secret === undefined) {
      secret = this.rows.openSecret({ id: key.id, hubId: key.hubId, secret: sealed });
      opened.byBlob.set(sealed, secret);
    }
    return { key, secret };
  }

  /** Forgets every value findLiveWithSecret opened (the wallet calls it before each lock). */
  dropDecrypted(): void {
    hotQueries(this.session()).opened.byBlob = new WeakMap();
  }

  private findLiveSealed(provider: ProviderId, name: string, hubIds: readonly string[] | null) {
    const queries = hotQueries(this.session());
    // Sealed rows only: the cache never holds a decrypted value, and it empties on any write.
    const candidates = queries.sealedByProviderAndName.get(
      `${provider}\u0000${name}`,
      () => queries.liveByProviderAndName.all({ provider, name }) as (KeySummary & { sealed: Buffer })[],
    );
    return candidates.find((k) => hubIds === null || hubIds.includes(k.hubId)) ?? null;
  }

  /** A hub by id or by name (case-insensitive), or null. */
  hubByRef(ref: string): HubRow | null {
    return hubByRef(this.session(), ref);
  }

  /** The live keys of one provider (masked), cached until the database changes; do not mutate. */
  liveOfProvider(provider: ProviderId): readonly KeySummary[] {
    return liveKeysOfProvider(this.session(), provider);
  }

  /** When each live key of one provider was last used, read now (liveOfProvider's may lag). */
  lastUsesOf(provider: ProviderId): Map<string, number | null> {
    return lastUsesOfProvider(this.session(), provider);
  }

  /**
   * The live keys, in any hub, whose value is exactly `secret`: compared by keyed fingerprint, so
   * nothing is decrypted and nothing is audited (the caller already holds the value).
   */
  keysWithValue(secret: string): KeySummary[] {
    return this.rows.liveIdsWithValue(secret).map((id) => this.summary(id));
  }

  hasValue(secret: string): boolean {
    return this.rows.liveIdsWithValue(secret).length > 0;
  }

  /** Fingerprints the rows a vault from before 0006 holds; run on every unlock, a no-op after the first. */
  backfillFingerprints(): number {
    return this.atomically(() => this.rows.backfillFingerprints());
  }

  recordUse(id: string, at: number = this.now(), count = 1): void {
    this.rows.recordUse(id, at, count);
  }

  /** A change and its audit entry commit together, or neither does. */
  private atomically<T>(fn: () => T): T {
    return writeTransaction(this.session().sqlite, fn);
  }

  private assertFormat(provider: ProviderId, secret: string): void {
    const problem = checkKeyFormat(provider, secret);
    if (problem)
      throw new AikeyError(
        'InvalidKeyFormat',
        `That does not look like a ${PROVIDERS[provider].displayName} key: ${problem}`,
      );
  }

  private assertNameFree(hub: HubRow, provider: ProviderId, name: string): void {
    if (this.rows.liveIdByName(hub.id, provider, name) !== null) {
      throw new AikeyError(
        'DuplicateName',
        `The ${hub.name} hub already has a key for ${PROVIDERS[provider].displayName} named "${name}". Pick another name.`,
      );
    }
  }

  private hub(id: string): HubRow {
    const hub = this.session().db.select().from(hubs).where(eq(hubs.id, id)).get();
    if (!hub) throw new AikeyError('HubNotFound', 'No hub with that id exists in this vault.');
    return hub;
  }

  private row(id: string): StoredKey {
    const row = this.rows.get(id);
    if (!row) throw new AikeyError('KeyNotFound', 'No key with that id exists in this vault.');
    return row;
  }

  private summary(id: string): KeySummary {
    const row = this.session()
      .db.select(summaryColumns)
      .from(keys)
      .innerJoin(hubs, eq(hubs.id, keys.hubId))
      .where(eq(keys.id, id))
      .get();
    if (!row) throw new AikeyError('KeyNotFound', 'No key with that id exists in this vault.');
    return row as KeySummary;
  }

  private log(actor: Actor, action: AuditAction, key: KeySummary, result: 'ok' | 'error' = 'ok'): void {
    this.audit.record({
      actor,
      action,
      result,
      target: {
        keyId: key.id,
        hubId: key.hubId,
        hubName: key.hubName,
        provider: key.provider,
        keyName: key.name,
      },
    });
  }
}
