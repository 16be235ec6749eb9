// Team-hub items as rows of the vault's keys table (id = item id), so a team hub's keys are usable
// offline and through the endpoint like any other key. This is the only place sync changes keys:
// applying a remote item, a tombstone, a conflict copy. It writes through KeyRows (which seals,
// masks and records rotations as for any key) and never through KeyStore, so applying a remote
// change never re-enqueues it. Plaintext lives only for the duration of one call.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AikeyError } from '#shared/errors.js';
import { BaseUrlSchema, KeyNameSchema, ProviderIdSchema } from '#shared/schemas/keys.js';
import { KeyRows } from '../keys/key-rows.js';
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

/** Who keeps a name two live keys share, and the name the other one takes. */
export interface NameClash {
  keeps: 'incoming' | 'local';
  renameTo: string;
}

export class LocalItems {
  private readonly rows: KeyRows;

  constructor(session: () => VaultSession) {
    this.rows = new KeyRows(session);
  }

  /** The ids of the hub's keys that are not deleted. */
  liveIds(hubId: string): string[] {
    return this.rows.liveIdsInHub(hubId);
  }

  /** The local copy of an item as a payload, or null when there is no row. */
  read(hubId: string, itemId: string): { payload: ItemPayload; deleted: boolean } | null {
    const row = this.rows.inHub(hubId, itemId);
    if (!row) return null;
    return {
      payload: {
        provider: row.provider as ItemPayload['provider'],
        name: row.name,
        secret: this.rows.openSecret(row),
        notes: row.notes,
        baseUrl: row.baseUrl,
        expiresAt: row.expiresAt,
      },
      deleted: row.deletedAt !== null,
    };
  }

  /**
   * Writes a remote item's content into the keys table. When a different local key holds the same
   * provider and name, `settleClash` says which one keeps the name and what the other is renamed to
   * (re-syncing a renamed local key is the caller's part).
   * Says whether the key was created or updated, for the caller's audit entry.
   */
  apply(
    hubId: string,
    itemId: string,
    payload: ItemPayload,
    now: number,
    settleClash: (clashId: string, name: string) => NameClash,
  ): 'created' | 'updated' {
    const clashId = this.rows.liveIdByName(hubId, payload.provider, payload.name);
    let stored = payload;
    if (clashId !== null && clashId !== itemId) {
      const settled = settleClash(clashId, payload.name);
      if (settled.keeps === 'incoming') this.rows.rename(clashId, settled.renameTo, now);
      else stored = { ...payload, name: settled.renameTo };
    }
    return this.rows.put(hubId, itemId, stored, now);
  }

  /**
   * A tombstone removes the local row for good: a deleted team item is never restored in place.
   * Returns what was removed (provider and name, for the audit log), or null when there was no row.
   */
  purge(hubId: string, itemId: string): { provider: string; name: string } | null {
    const row = this.rows.inHub(hubId, itemId);
    this.rows.purge(hubId, itemId);
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
    for (let n = 1; n < 1000; n += 1) {
      const suffix = ` (${label})${n === 1 ? '' : ` ${n}`}`;
      const candidate = `${name.slice(0, Math.max(1, 64 - suffix.length))}${suffix}`.slice(0, 64).trim();
      if (this.rows.liveIdByName(hubId, provider, candidate) === null) return candidate;
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
