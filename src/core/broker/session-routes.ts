// POST /v1/broker/sessions mints a session token for `aikey exec --broker` from the caller's own
// token (Authorization: Bearer), scoped like it or narrower (repeatable `key=provider[:name][@hub]`),
// tied to the owner process (`pid=`) and expiring after `ttl=` seconds at most (and never after the
// parent token). DELETE /v1/broker/sessions/<id> revokes one, by the token that minted it. A session
// token cannot mint another: it is only ever accepted on /proxy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ProviderId } from '#shared/providers.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { parseKeySelection } from '../endpoint/env-route.js';
import { asEndpointError, EndpointError, isoTime, sendError, sendJson } from '../endpoint/responses.js';
import { readableKeys, type RouteContext } from '../endpoint/routes.js';
import type { UsageRecorder } from '../endpoint/usage-recorder.js';
import type { Wallet } from '../wallet.js';
import { MAX_SESSION_TTL_MS, type BrokerSessions, type PinnedKey } from './sessions.js';

export const SESSIONS_PATH = '/v1/broker/sessions';

export interface SessionRouteContext {
  wallet: Wallet;
  usage: Pick<UsageRecorder, 'add'>;
  admit(presented: string | null, client: string): TokenSummary;
  now: () => number;
  sessions: BrokerSessions;
}

const MintQuery = z.object({
  pid: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31)
    .optional(),
  ttl: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_SESSION_TTL_MS / 1000)
    .optional(),
});

/** A key a session may use, and the /proxy path that reaches it. */
export interface SessionRoute {
  provider: ProviderId;
  name: string;
  hub: string;
  path: string;
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  return /^Bearer +(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

export function handleSessionRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: SessionRouteContext,
): void {
  try {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > 0 || req.headers['transfer-encoding'] !== undefined) {
      throw new EndpointError('payload_too_large', 'Session requests carry no body.');
    }
    const isMint = url.pathname === SESSIONS_PATH;
    const method = isMint ? 'POST' : 'DELETE';
    if (req.method !== method)
      throw new EndpointError('method_not_allowed', `Use ${method}.`, { Allow: method });
    const token = ctx.admit(bearer(req), req.socket.remoteAddress ?? 'unknown');
    if (isMint) mint(res, url, ctx, token, bearer(req) ?? '');
    else {
      const id = decodeURIComponent(url.pathname.slice(SESSIONS_PATH.length + 1));
      if (!ctx.sessions.revoke(id, token.id)) throw new EndpointError('not_found', 'No such session.');
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      res.end();
    }
  } catch (error) {
    sendError(res, asEndpointError(error));
  }
}

function mint(
  res: ServerResponse,
  url: URL,
  ctx: SessionRouteContext,
  token: TokenSummary,
  value: string,
): void {
  const parsed = MintQuery.safeParse({
    pid: url.searchParams.get('pid') ?? undefined,
    ttl: url.searchParams.get('ttl') ?? undefined,
  });
  if (!parsed.success)
    throw new EndpointError('invalid_request', 'pid and ttl must be positive whole numbers.');
  const route: RouteContext = {
    wallet: ctx.wallet,
    usage: ctx.usage,
    token,
    userAgent: undefined,
    now: ctx.now,
  };
  const readable = readableKeys(route);
  const specs = url.searchParams.getAll('key');
  let pinned: PinnedKey[] | null = null;
  let routes: SessionRoute[];
  if (specs.length > 0) {
    pinned = [];
    routes = [];
    for (const raw of specs) {
      const spec = parseKeySelection(raw);
      const key = readable.find(
        (k) =>
          k.provider === spec.provider &&
          k.name === spec.name &&
          (spec.hub === null || k.hubName === spec.hub || k.hubId === spec.hub),
      );
      if (!key)
        throw new EndpointError('key_not_found', `Key "${spec.spec}": no such key that this token may read.`);
      if (pinned.some((p) => p.provider === spec.provider && spec.provider !== 'custom')) {
        throw new EndpointError('invalid_request', `Choose one ${spec.provider} key per run.`);
      }
      pinned.push({ provider: key.provider, name: key.name, hub: key.hubId });
      routes.push(routeOf(key.provider, key.name, key.hubName));
    }
  } else {
    // As `aikey exec` without a selection: every default key, and each custom key by name.
    const seen = new Set<string>();
    routes = [];
    for (const key of readable) {
      const slot = key.provider === 'custom' ? `custom:${key.name}` : key.provider;
      if ((key.provider !== 'custom' && key.name !== 'default') || seen.has(slot)) continue;
      seen.add(slot);
      routes.push(routeOf(key.provider, key.name, key.hubName));
    }
  }
  const ttlMs = (parsed.data.ttl ?? MAX_SESSION_TTL_MS / 1000) * 1000;
  const expiresAt = Math.min(ctx.now() + ttlMs, token.expiresAt ?? Number.POSITIVE_INFINITY);
  let minted;
  try {
    minted = ctx.sessions.mint({
      parentToken: value,
      parentId: token.id,
      pinned,
      ownerPid: parsed.data.pid ?? null,
      expiresAt,
    });
  } catch {
    throw new EndpointError('rate_limited', 'Too many broker sessions are open. End one and try again.', {
      'Retry-After': '5',
    });
  }
  sendJson(res, 201, {
    id: minted.session.id,
    token: minted.token,
    expiresAt: isoTime(expiresAt),
    routes,
  });
}

function routeOf(provider: ProviderId, name: string, hub: string): SessionRoute {
  // A custom key is reached by name; every other provider's default through its plain path.
  const path =
    provider === 'custom' || name !== 'default'
      ? `/proxy/${provider}:${encodeURIComponent(name)}`
      : `/proxy/${provider}`;
  return { provider, name, hub, path };
}
