// The owner of the vault's keys table: every write to it belongs here. KeyStore (the user's edits) and
// LocalItems (a team hub's items) both write through it, so a key's value is sealed, masked and its
// rotation recorded and its keyed fingerprint kept the same way whoever changes it. It never audits and never tells the team-hub sync
// anything: applying a hub's change through it must not send that change back to the hub. Callers
// hold the transaction; a write here may read the row it replaces inside that transaction.
import { createHmac } from 'node:crypto';
import { open, seal } from '../crypto/aead.js';
import { perSession } from '../db/per-session.js';
import type { VaultSession } from '../vault/vault.js';
import { isAikeyError } from '#shared/errors.js';
import { maskSecret, type ProviderId } from '#shared/providers.js';

/** Binds a sealed value to its row: a ciphertext moved to another key or hub does not open. */
export function secretAad(hubId: string, keyId: string): Buffer {
  return Buffer.from(`aikey/v1/secret|${hubId}|${keyId}`, 'utf8');
}

/**
 * The keyed fingerprint of a key value: HMAC-SHA256 under the vault's fingerprint subkey. Equal
 * values give equal fingerprints within one vault only; without the vault key it says nothing.
 */
export function keyFingerprint(session: Pick<VaultSession, 'fingerprintKey'>, secret: string): Buffer {
  return createHmac('sha256', session.fingerprintKey)
    .update('aikey/v1/key-value|')
    .update(secret, 'utf8')
    .digest();
}

/** A key's content as a user or a team hub sets it; `secret` is plaintext until it is sealed here. */
export interface KeyContent {
  provider: ProviderId;
  name: string;
  secret: string;
  notes: string | null;
  baseUrl: string | null;
  expiresAt: number | null;
}

/** A key's row as stored: the value still sealed. */
export interface StoredKey {
  id: string;
  hubId: string;
  provider: string;
  name: string;
  secret: Buffer;
  masked: string;
  notes: string | null;
  baseUrl: string | null;
  expiresAt: number | null;
  deletedAt: number | null;
}

const STORED_COLUMNS = `id, hub_id AS hubId, provider, name, secret, masked, notes, base_url AS baseUrl,
  expires_at AS expiresAt, deleted_at AS deletedAt`;

/** Adds served reads to a key; exported for the endpoint's bookkeeping worker (its own connection). */
export const KEY_USE_SQL = `UPDATE keys SET usage_count = usage_count + @count,
  last_used_at = max(coalesce(last_used_at, 0), @at) WHERE id = @id`;

const statements = perSession(({ sqlite }) => ({
  byId: sqlite.prepare<[string], StoredKey>(`SELECT ${STORED_COLUMNS} FROM keys WHERE id = ?`),
  inHub: sqlite.prepare<[string, string], StoredKey>(
    `SELECT ${STORED_COLUMNS} FROM keys WHERE id = ? AND hub_id = ?`,
  ),
  liveIdsInHub: sqlite
    .prepare<[string], string>(`SELECT id FROM keys WHERE hub_id = ? AND deleted_at IS NULL`)
    .pluck(),
  purgeHub: sqlite.prepare<[string]>(`DELETE FROM keys WHERE hub_id = ?`),
  liveIdByName: sqlite
    .prepare<[string, string, string], string>(
      `SELECT id FROM keys WHERE hub_id = ? AND provider = ? AND name = ? AND deleted_at IS NULL`,
    )
    .pluck(),
  insert: sqlite.prepare(
    `INSERT INTO keys (id, hub_id, provider, name, secret, masked, fingerprint, notes, base_url, expires_at, created_at, updated_at)
     VALUES (@id, @hubId, @provider, @name, @secret, @masked, @fingerprint, @notes, @baseUrl, @expiresAt, @now, @now)`,
  ),
  // Column references on the right read the row as it was, so previous_masked gets the old mask.
  rewrite: sqlite.prepare(
    `UPDATE keys SET provider = @provider, name = @name, secret = @secret, masked = @masked,
       fingerprint = coalesce(@fingerprint, fingerprint), notes = @notes,
       base_url = @baseUrl, expires_at = @expiresAt, deleted_at = @deletedAt, updated_at = @now,
       previous_masked = CASE WHEN @rotated THEN masked ELSE previous_masked END,
       rotated_at = CASE WHEN @rotated THEN @now ELSE rotated_at END
     WHERE id = @id AND hub_id = @hubId`,
  ),
  rename: sqlite.prepare<[string, number, string]>(`UPDATE keys SET name = ?, updated_at = ? WHERE id = ?`),
  markDeleted: sqlite.prepare<[number, string]>(`UPDATE keys SET deleted_at = ? WHERE id = ?`),
  restore: sqlite.prepare<[number, string]>(`UPDATE keys SET deleted_at = NULL, updated_at = ? WHERE id = ?`),
  purge: sqlite.prepare<[string, string]>(`DELETE FROM keys WHERE id = ? AND hub_id = ?`),
  withoutFingerprint: sqlite.prepare<[], Pick<StoredKey, 'id' | 'hubId' | 'secret'>>(
    `SELECT id, hub_id AS hubId, secret FROM keys WHERE fingerprint IS NULL`,
  ),
  setFingerprint: sqlite.prepare<[Buffer, string]>(`UPDATE keys SET fingerprint = ? WHERE id = ?`),
  liveIdsByFingerprint: sqlite
    .prepare<[Buffer], string>(`SELECT id FROM keys WHERE fingerprint = ? AND deleted_at IS NULL ORDER BY id`)
    .pluck(),
  recordUse: sqlite.prepare(KEY_USE_SQL),
}));

export class KeyRows {
  constructor(private readonly session: () => VaultSession) {}

  get(id: string): StoredKey | null {
    return statements(this.session()).byId.get(id) ?? null;
  }

  /** The row of `id` when it belongs to `hubId`, deleted or not. */
  inHub(hubId: string, id: string): StoredKey | null {
    return statements(this.session()).inHub.get(id, hubId) ?? null;
  }

  /** The id of the live key holding this provider and name in a hub, if any. */
  liveIdByName(hubId: string, provider: string, name: string): string | null {
    return statements(this.session()).liveIdByName.get(hubId, provider, name) ?? null;
  }

  /** Decrypts a row's value; throws VaultCorrupt when it was altered or moved from another row. */
  openSecret(row: Pick<StoredKey, 'id' | 'hubId' | 'secret'>): string {
    return open(this.session().sealKey, row.secret, secretAad(row.hubId, row.id), 'A stored key').toString(
      'utf8',
    );
  }

  insert(hubId: string, id: string, content: KeyContent, now: number): void {
    const session = this.session();
    statements(session).insert.run({
      id,
      hubId,
      provider: content.provider,
      name: content.name,
      secret: seal(session.sealKey, Buffer.from(content.secret, 'utf8'), secretAad(hubId, id)),
      masked: maskSecret(content.provider, content.secret),
      fingerprint: keyFingerprint(session, content.secret),
      notes: content.notes,
      baseUrl: content.baseUrl,
      expiresAt: content.expiresAt,
      now,
    });
  }

  /**
   * Changes some of a row's content; its provider changes only through `put` (a team hub's item).
   * Says whether the value was rotated.
   */
  update(row: StoredKey, changes: Partial<Omit<KeyContent, 'provider'>>, now: number): { rotated: boolean } {
    return this.rewrite(
      row,
      {
        provider: row.provider as ProviderId,
        name: changes.name ?? row.name,
        secret: changes.secret,
        notes: changes.notes !== undefined ? changes.notes : row.notes,
        baseUrl: changes.baseUrl !== undefined ? changes.baseUrl : row.baseUrl,
        expiresAt: changes.expiresAt !== undefined ? changes.expiresAt : row.expiresAt,
      },
      row.deletedAt,
      now,
    );
  }

  /**
   * Writes a key's whole content under `id` in a hub: a new row, or the existing one replaced and
   * brought back if it was deleted.
   */
  put(hubId: string, id: string, content: KeyContent, now: number): 'created' | 'updated' {
    const row = this.inHub(hubId, id);
    if (!row) {
      this.insert(hubId, id, content, now);
      return 'created';
    }
    this.rewrite(row, content, null, now);
    return 'updated';
  }

  rename(id: string, name: string, now: number): void {
    statements(this.session()).rename.run(name, now, id);
  }

  /** A soft delete: the row keeps its content until it is restored or purged. */
  markDeleted(id: string, at: number): void {
    statements(this.session()).markDeleted.run(at, id);
  }

  restore(id: string, now: number): void {
    statements(this.session()).restore.run(now, id);
  }

  /** Removes the row for good. */
  purge(hubId: string, id: string): void {
    statements(this.session()).purge.run(id, hubId);
  }

  /** The ids of a hub's keys that are not deleted. */
  liveIdsInHub(hubId: string): string[] {
    return statements(this.session()).liveIdsInHub.all(hubId);
  }

  /** Removes every key of a hub for good (a team hub this device left or was removed from). */
  purgeHub(hubId: string): void {
    statements(this.session()).purgeHub.run(hubId);
  }

  /** Uses the endpoint counted: `count` more, the last at `at` (the last use never moves back). */
  recordUse(id: string, at: number, count: number): void {
    statements(this.session()).recordUse.run({ id, at, count });
  }

  /**
   * The one place a row's value changes. A value counts as rotated when it or its masked form
   * differs from the stored one (a stored value that no longer opens counts as different, so it is
   * replaced rather than kept): it is sealed under this row's AAD and masked, and the old masked
   * form and the time are kept as its rotation. An unchanged value keeps its sealed blob;
   * `secret: undefined` leaves the value alone.
   */
  private rewrite(
    row: StoredKey,
    content: Omit<KeyContent, 'secret'> & { secret: string | undefined },
    deletedAt: number | null,
    now: number,
  ): { rotated: boolean } {
    const session = this.session();
    let secret = row.secret;
    let masked = row.masked;
    // Null keeps the stored fingerprint: the value did not change.
    let fingerprint: Buffer | null = null;
    let rotated = false;
    if (content.secret !== undefined) {
      masked = maskSecret(content.provider, content.secret);
      fingerprint = keyFingerprint(session, content.secret);
      rotated = masked !== row.masked || !this.holds(row, content.secret);
      if (rotated) {
        secret = seal(session.sealKey, Buffer.from(content.secret, 'utf8'), secretAad(row.hubId, row.id));
      }
    }
    statements(session).rewrite.run({
      id: row.id,
      hubId: row.hubId,
      provider: content.provider,
      name: content.name,
      secret,
      masked,
      fingerprint,
      notes: content.notes,
      baseUrl: content.baseUrl,
      expiresAt: content.expiresAt,
      deletedAt,
      rotated: rotated ? 1 : 0,
      now,
    });
    return { rotated };
  }

  /** The ids of live keys (any hub) whose value is exactly `secret`. */
  liveIdsWithValue(secret: string): string[] {
    const session = this.session();
    return statements(session).liveIdsByFingerprint.all(keyFingerprint(session, secret));
  }

  /**
   * Gives every row written before fingerprints existed (0006) its fingerprint. A row whose value no
   * longer opens keeps none: it is reported as damaged where it is read, never guessed at here.
   * Returns how many rows it filled in; the caller holds the transaction.
   */
  backfillFingerprints(): number {
    const session = this.session();
    const { withoutFingerprint, setFingerprint } = statements(session);
    let filled = 0;
    for (const row of withoutFingerprint.all()) {
      const fingerprint = this.fingerprintOf(row);
      if (fingerprint === null) continue;
      setFingerprint.run(fingerprint, row.id);
      filled += 1;
    }
    return filled;
  }

  /** The fingerprint of a stored row's value, or null when the value does not open. */
  private fingerprintOf(row: Pick<StoredKey, 'id' | 'hubId' | 'secret'>): Buffer | null {
    try {
      return keyFingerprint(this.session(), this.openSecret(row));
    } catch (error) {
      if (isAikeyError(error, 'VaultCorrupt')) return null;
      throw error;
    }
  }

  private holds(row: StoredKey, value: string): boolean {
    try {
      return this.openSecret(row) === value;
    } catch (error) {
      if (isAikeyError(error, 'VaultCorrupt')) return false;
      throw error;
    }
  }
}
