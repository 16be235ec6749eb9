// Listing keys: masked summaries only, never a secret, in (hub name, provider, name) order, a page
// at a time. Plain prepared SQL, because at 10k keys drizzle's row mapping cost more than the query,
// and live keys are read hub by hub off the (hub, provider, name) unique index so nothing is sorted.
import type { z } from 'zod';
import { KeyListQuerySchema, type KeySummary } from '#shared/schemas/keys.js';
import type { ProviderId } from '#shared/providers.js';
import { StampedCache, watchContent } from '../db/change-watch.js';
import type { HubRow } from '../db/schema/index.js';
import { perSession } from '../db/per-session.js';
import type { VaultSession } from '../vault/vault.js';

// Columns named as KeySummary's fields.
const SUMMARY_SELECT = `
  SELECT k.id, k.hub_id AS hubId, h.name AS hubName, k.provider, k.name, k.masked, k.notes,
         k.base_url AS baseUrl, k.expires_at AS expiresAt, k.created_at AS createdAt,
         k.updated_at AS updatedAt, k.usage_count AS usageCount, k.last_used_at AS lastUsedAt,
         k.deleted_at AS deletedAt, k.previous_masked AS previousMasked, k.rotated_at AS rotatedAt
  FROM keys k JOIN hubs h ON h.id = k.hub_id`;
const SUMMARY_FILTERS = `
  AND (:provider IS NULL OR k.provider = :provider)
  AND (:pattern IS NULL OR (k.name || ' ' || k.provider || ' ' || h.name || ' ' ||
       coalesce(k.notes, '')) LIKE :pattern ESCAPE '\\')`;

/**
 * One hub's live keys. The literal `deleted_at IS NULL` lets SQLite walk the (hub, provider, name)
 * unique index, so the rows come out in order with no sort: at 10k keys the sort was a third of
 * the query, and the first page of 200 no longer waits for all 10k to be sorted. Live names are
 * unique per hub and provider, so the final id costs nothing; it keeps pages apart regardless.
 */
const LIVE_IN_HUB_WHERE = `WHERE k.hub_id = :hubId AND k.deleted_at IS NULL ${SUMMARY_FILTERS}`;
const LIVE_IN_HUB_SQL = `${SUMMARY_SELECT} ${LIVE_IN_HUB_WHERE}
  ORDER BY k.provider, k.name, k.id LIMIT :limit OFFSET :offset`;
const LIVE_IN_HUB_COUNT_SQL = `SELECT count(*) FROM keys k JOIN hubs h ON h.id = k.hub_id ${LIVE_IN_HUB_WHERE}`;

/** Deleted keys (few), in the same order; the id ends it so pages never overlap when names tie. */
const DELETED_SQL = `${SUMMARY_SELECT}
  WHERE k.deleted_at IS NOT NULL AND (:hubId IS NULL OR k.hub_id = :hubId) ${SUMMARY_FILTERS}
  ORDER BY h.name, h.id, k.provider, k.name, k.id LIMIT :limit OFFSET :offset`;

const listQueries = perSession(({ sqlite }) => ({
  hubIdsByName: sqlite.prepare('SELECT id FROM hubs ORDER BY name, id').pluck(),
  liveInHub: sqlite.prepare(LIVE_IN_HUB_SQL),
  liveInHubCount: sqlite.prepare(LIVE_IN_HUB_COUNT_SQL).pluck(),
  deleted: sqlite.prepare(DELETED_SQL),
}));

export function listKeys(session: VaultSession, q: z.output<typeof KeyListQuerySchema>): KeySummary[] {
  const search = q.search?.trim() ?? '';
  const filters = {
    provider: q.provider ?? null,
    pattern: search === '' ? null : `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
  };
  // Raw prepared SQL: at 10k keys, drizzle's row mapping alone cost more than the query.
  const statements = listQueries(session);
  if (q.state === 'deleted') {
    // SQLite reads a negative LIMIT as "no limit".
    const page = { hubId: q.hubId ?? null, limit: q.limit ?? -1, offset: q.offset ?? 0 };
    return statements.deleted.all({ ...filters, ...page }) as KeySummary[];
  }
  let skip = q.offset ?? 0;
  let room = q.limit ?? Infinity;
  let listed: KeySummary[] = [];
  const hubIds = q.hubId === undefined ? (statements.hubIdsByName.all() as string[]) : [q.hubId];
  for (const hubId of hubIds) {
    if (room <= 0) break;
    if (skip > 0) {
      const count = statements.liveInHubCount.get({ ...filters, hubId }) as number;
      if (count <= skip) {
        skip -= count;
        continue;
      }
    }
    const page = { hubId, limit: room === Infinity ? -1 : room, offset: skip };
    const rows = statements.liveInHub.all({ ...filters, ...page }) as KeySummary[];
    listed = listed.length === 0 ? rows : listed.concat(rows);
    skip = 0;
    room -= rows.length;
  }
  return listed;
}

// The endpoint's hot path (GET /api/keys/provider/:p picks among a provider's live keys on every
// request): masked summaries only, never a sealed or decrypted value, and emptied by any change to
// keys or hubs from this connection or another (watchContent), so an edited, rotated or deleted key
// is never chosen from a stale list. Use counts in it may lag: the bookkeeping worker's commits do
// not empty it. Building the list costs ~0.5 ms at 200 keys; a hit, two counters.
const hotLists = perSession((session) => ({
  live: new StampedCache<readonly KeySummary[]>(watchContent(session.sqlite), 64),
  lastUses: session.sqlite.prepare<[string], { id: string; lastUsedAt: number | null }>(
    'SELECT id, last_used_at AS lastUsedAt FROM keys WHERE provider = ? AND deleted_at IS NULL',
  ),
  hubByRef: session.sqlite.prepare<[string, string], HubRow>(
    'SELECT id, name, kind, created_at AS createdAt FROM hubs WHERE id = ? OR lower(name) = lower(?)',
  ),
}));

/** The live keys of one provider, as listKeys orders them; the array is shared, never mutate it. */
export function liveKeysOfProvider(session: VaultSession, provider: ProviderId): readonly KeySummary[] {
  return hotLists(session).live.get(provider, () =>
    Object.freeze(listKeys(session, KeyListQuerySchema.parse({ provider }))),
  );
}

/**
 * When each live key of one provider was last used, read now: the cached list above may hold older
 * figures (the bookkeeping worker's commits do not empty it). Two columns, no parsing.
 */
export function lastUsesOfProvider(session: VaultSession, provider: ProviderId): Map<string, number | null> {
  const uses = new Map<string, number | null>();
  for (const row of hotLists(session).lastUses.all(provider)) uses.set(row.id, row.lastUsedAt);
  return uses;
}

/** A hub by id or by name (case-insensitive), or null; one prepared statement. */
export function hubByRef(session: VaultSession, ref: string): HubRow | null {
  return hotLists(session).hubByRef.get(ref, ref) ?? null;
}
