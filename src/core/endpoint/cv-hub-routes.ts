// The routes of cv-hub's key wallet (cv-git's server), so a tool written against cv-hub can use this
// wallet unchanged: GET /api/keys/provider/:provider answers exactly {"key": "..."} and GET /api/keys
// lists keys masked. They differ from cv-hub only where this wallet is stricter: both see only what
// the token may read, and a key named "default" is served first. Neither ever lists a key value.
import { isProviderId, PROVIDER_IDS, type ProviderId } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { StampedCache, watchChanges } from '../db/change-watch.js';
import { perSession } from '../db/per-session.js';
import { EndpointError, isoTime } from './responses.js';
import { denyRead, readableKeys, serveKey, type RouteContext, type ServedKey } from './routes.js';

/** cv-hub answers an unknown provider with 404 (NOT_FOUND), not 400 as the /v1 routes do. */
export function parseCvHubProvider(raw: string): ProviderId {
  const provider = decodeURIComponent(raw).toLowerCase();
  if (!isProviderId(provider)) {
    throw new EndpointError('not_found', `No such provider. Known providers: ${PROVIDER_IDS.join(', ')}.`);
  }
  return provider;
}

const isUnexpired = (now: number) => (key: KeySummary) => key.expiresAt === null || key.expiresAt > now;

/**
 * Most recently used first (never used last), then newest, then by id so the choice is stable.
 * Last uses come from `uses` (read now), since the cached summaries may hold older ones.
 */
function byRecentUse(uses: Map<string, number | null>) {
  const lastUse = (k: KeySummary) => (uses.has(k.id) ? (uses.get(k.id) ?? null) : k.lastUsedAt);
  return (a: KeySummary, b: KeySummary): number => {
    const [ua, ub] = [lastUse(a), lastUse(b)];
    if (ua !== ub) {
      if (ua === null) return 1;
      if (ub === null) return -1;
      return ub - ua;
    }
    return b.createdAt - a.createdAt || a.id.localeCompare(b.id);
  };
}

interface Choice {
  chosen: KeySummary | undefined;
  /** The choice holds from `at` until the first readable key expires (or the database changes). */
  at: number;
  validUntil: number;
}

/**
 * The choice per provider and token scope, kept until the next write to the vault database (any
 * connection: the bookkeeping worker's use counts included, since they change "most recently used")
 * or until one of the keys it chose among expires. Choosing again reads the cached key list and only
 * the last-use column afresh, so a bookkeeping commit costs one small query, not a new list.
 * Masked summaries only, dropped with the session.
 */
const choices = perSession(
  ({ sqlite }) => new StampedCache<{ current: Choice | null }>(watchChanges(sqlite), 256),
);

function choose(ctx: RouteContext, provider: ProviderId): KeySummary | undefined {
  const now = ctx.now();
  const slot = choices(ctx.wallet.vault.session()).get(
    `${provider}\u0000${JSON.stringify(ctx.token.scope)}`,
    () => ({
      current: null,
    }),
  );
  const held = slot.current;
  if (held !== null && now >= held.at && now < held.validUntil) return held.chosen;
  const readable = readableKeys(ctx, provider);
  const candidates = readable.filter(isUnexpired(now));
  const personalHubId = ctx.wallet.vault.session().personalHubId;
  const defaults = candidates.filter((k) => k.name === 'default');
  const chosen =
    defaults.find((k) => k.hubId === personalHubId) ??
    defaults[0] ??
    mostRecentlyUsed(ctx, provider, candidates);
  const validUntil = candidates.reduce((soonest, k) => Math.min(soonest, k.expiresAt ?? Infinity), Infinity);
  slot.current = { chosen, at: now, validUntil };
  return chosen;
}

/** One pass, not a sort: it runs over every key of the provider. */
function mostRecentlyUsed(
  ctx: RouteContext,
  provider: ProviderId,
  candidates: KeySummary[],
): KeySummary | undefined {
  const before = byRecentUse(ctx.wallet.keys.lastUsesOf(provider));
  return candidates.reduce<KeySummary | undefined>(
    (best, k) => (best === undefined || before(k, best) < 0 ? k : best),
    undefined,
  );
}

/**
 * The key cv-hub would serve for a provider, among the live, unexpired keys this token may read: the
 * one named "default" (the Personal hub's first), else the one used most recently, else the newest.
 * Served, scope-checked and audited as GET /v1/keys/:provider serves a key.
 */
export function serveProviderKey(ctx: RouteContext, provider: ProviderId): ServedKey {
  const { providers } = ctx.token.scope;
  if (providers !== null && !providers.includes(provider)) return serveKey(ctx, provider, 'default', null);
  const chosen = choose(ctx, provider);
  if (chosen === undefined) {
    return denyRead(
      ctx,
      provider,
      'default',
      null,
      new EndpointError('key_not_found', `No live, unexpired ${provider} key that this token may read.`),
    );
  }
  return serveKey(ctx, provider, chosen.name, chosen.hubId, chosen.hubId);
}

/** cv-hub's key listing: newest first, times as ISO strings or null, the value masked. */
export function cvHubKeyList(ctx: RouteContext) {
  const unexpired = isUnexpired(ctx.now());
  const keys = readableKeys(ctx).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  return {
    keys: keys.map((k) => ({
      id: k.id,
      provider: k.provider,
      name: k.name,
      keyHint: k.masked,
      customEndpoint: k.baseUrl,
      isActive: unexpired(k),
      expiresAt: isoTime(k.expiresAt),
      lastUsedAt: isoTime(k.lastUsedAt),
      usageCount: k.usageCount,
      createdAt: isoTime(k.createdAt),
      updatedAt: isoTime(k.updatedAt),
    })),
  };
}
