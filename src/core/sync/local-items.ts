// Team-hub items as rows of the vault's keys table (id = item id), so a team hub's keys are usable
// offline and through the endpoint like any other key. This is the only place sync writes keys:
// applying a remote item, a tombstone, a conflict copy. It never goes through KeyStore, so applying
// a remote change never re-enqueues it. Secrets are re-sealed under the vault's own sealing key
// with the usual AAD (key id + hub id); plaintext lives only for the duration of one call.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AikeyError } from '#shared/errors.js';
import { maskSecret } from '#shared/providers.js';
import { BaseUrlSchema, KeyNameSchema, ProviderIdSchema } from '#shared/schemas/keys.js';
import { open, seal } from '../crypto/aead.js';
import { perSession } from '../db/per-session.js';
import { secretAad } from '../keys/key-store.js';
import type { VaultSession } from '../vault/vault.js';

/** What a sealed item carries: everything about a key, nothing the hub may see. */
export const ItemPayloadSchema = z
  .object({
    provider: ProviderIdSchema,
    name: KeyNameSchema,
    secret: z.string().min(1).max(8192),
    notes: z.string().max(2000).nullable(),
    baseUrl: BaseUrlSchema.nullable(),
    expiresAt: z.number().int().min(0).max(8.64e15).nullable(),
  })
  .strict();
export type ItemPayload = z.infer<typeof ItemPayloadSchema>;

/** The plaintext of a tombstone: sealed like any item, so the hub cannot forge a delete. */
export const TOMBSTONE_PLAINTEXT = '{"deleted":true}';

interface KeyRowLite {
  id: string;
  provider: string;
  name: string;
  secret: Buffer;
  masked: string;
  notes: string | null;
  base_url: string | null;
  expires_at: number | null;
  deleted_at: number | null;
}

const statements = perSession(({ sqlite }) => ({
  byId: sqlite.prepare<[string, string], KeyRowLite>(
    `SELECT id, provider, name, secret, masked, notes, base_url, expires_at, deleted_at
       FROM keys WHERE id = ? AND hub_id = ?`,
  ),
  liveByName: sqlite.prepare<[string, string, string], { id: string }>(
    `SELECT id FROM keys WHERE hub_id = ? AND provider = ? AND name = ? AND deleted_at IS NULL`,
  ),
  insert: sqlite.prepare(
    `INSERT INTO keys (id, hub_id, provider, name, secret, masked, notes, base_url, expires_at, created_at, updated_at)
     VALUES (@id, @hubId, @provider, @name, @secret, @masked, @notes, @baseUrl, @expiresAt, @now, @now)`,
  ),
  update: sqlite.prepare(
    `UPDATE keys SET provider = @provider, name = @name, secret = @secret, masked = @masked, notes = @notes,
       base_url = @baseUrl, expires_at = @expiresAt, updated_at = @now, deleted_at = NULL,
       previous_masked = CASE WHEN masked <> @masked THEN masked ELSE previous_masked END,
       rotated_at = CASE WHEN masked <> @masked THEN @now ELSE rotated_at END
     WHERE id = @id AND hub_id = @hubId`,
  ),
  rename: sqlite.prepare<[string, number, string]>(`UPDATE keys SET name = ?, updated_at = ? WHERE id = ?`),
  purge: sqlite.prepare<[string, string]>(`DELETE FROM keys WHERE id = ? AND hub_id = ?`),
}));

export class LocalItems {
  constructor(private readonly session: () => VaultSession) {}

  /** The local copy of an item as a payload, or null when there is no row. */
  read(hubId: string, itemId: string): { payload: ItemPayload; deleted: boolean } | null {
    const session = this.session();
    const row = statements(session).byId.get(itemId, hubId);
    if (!row) return null;
    const secret = open(session.sealKey, row.secret, secretAad(hubId, row.id), 'A stored key').toString(
      'utf8',
    );
    return {
      payload: {
        provider: row.provider as ItemPayload['provider'],
        name: row.name,
        secret,
        notes: row.notes,
        baseUrl: row.base_url,
        expiresAt: row.expires_at,
      },
      deleted: row.deleted_at !== null,
    };
  }

  /**
   * Writes a remote item's content into the keys table. A different local key holding the same
   * provider and name gives way: it is renamed with `renameClash` (and re-synced by the caller).
   * Says whether the key was created or updated, for the caller's audit entry.
   */
  apply(
    hubId: string,
    itemId: string,
    payload: ItemPayload,
    now: number,
    renameClash: (clashId: string, name: string) => string,
  ): 'created' | 'updated' {
    const session = this.session();
    const s = statements(session);
    const clash = s.liveByName.get(hubId, payload.provider, payload.name);
    if (clash && clash.id !== itemId) s.rename.run(renameClash(clash.id, payload.name), now, clash.id);
    const values = {
      id: itemId,
      hubId,
      provider: payload.provider,
      name: payload.name,
      secret: seal(session.sealKey, Buffer.from(payload.secret, 'utf8'), secretAad(hubId, itemId)),
      masked: maskSecret(payload.provider, payload.secret),
      notes: payload.notes,
      baseUrl: payload.baseUrl,
      expiresAt: payload.expiresAt,
      now,
    };
    if (s.byId.get(itemId, hubId)) {
      s.update.run(values);
      return 'updated';
    }
    s.insert.run(values);
    return 'created';
  }

  /**
   * A tombstone removes the local row for good: a deleted team item is never restored in place.
   * Returns what was removed (provider and name, for the audit log), or null when there was no row.
   */
  purge(hubId: string, itemId: string): { provider: string; name: string } | null {
    const s = statements(this.session());
    const row = s.byId.get(itemId, hubId);
    s.purge.run(itemId, hubId);
    return row ? { provider: row.provider, name: row.name } : null;
  }

  /** Stores `payload` as a new key (a conflict copy); returns its id. */
  insertCopy(hubId: string, payload: ItemPayload, name: string, now: number): string {
    const id = randomUUID();
    this.apply(hubId, id, { ...payload, name }, now, () => {
      throw new AikeyError('Internal', 'A conflict copy name was already taken.');
    });
    return id;
  }

  /** A free key name for a conflict copy: "<name> (conflict from <device>)", kept valid and unique. */
  conflictName(hubId: string, provider: string, name: string, deviceName: string): string {
    const device = deviceName.replace(/[^\p{L}\p{N} ._@()-]/gu, '').trim() || 'another device';
    return this.freeName(hubId, provider, name, `conflict from ${device}`);
  }

  /** A free key name "<name> (<label>)" in a hub, shortened to stay valid and numbered to stay unique. */
  freeName(hubId: string, provider: string, name: string, label: string): string {
    const s = statements(this.session());
    for (let n = 1; n < 1000; n += 1) {
      const suffix = ` (${label})${n === 1 ? '' : ` ${n}`}`;
      const candidate = `${name.slice(0, Math.max(1, 64 - suffix.length))}${suffix}`.slice(0, 64).trim();
      if (!s.liveByName.get(hubId, provider, candidate)) return candidate;
    }
    throw new AikeyError('Internal', 'No free name was left for a copy of a key.');
  }
}

/** Two payloads that would make the same key: an edit that changes nothing needs no conflict copy. */
export function samePayload(a: ItemPayload, b: ItemPayload): boolean {
  return (
    a.provider === b.provider &&
    a.name === b.name &&
    a.secret === b.secret &&
    a.notes === b.notes &&
    a.baseUrl === b.baseUrl &&
    a.expiresAt === b.expiresAt
  );
}
