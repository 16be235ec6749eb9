// The loopback endpoint that hands keys to local CLIs. It binds 127.0.0.1 only and checks, in this
// order: Host allow-list (403 bad_host), any Origin (403 origin_forbidden), bearer token (401, 429
// under brute force while valid tokens still pass), vault unlocked (423), scope (403), key (404).
// Bodies are refused, headers capped, slow clients timed out; no CORS header is ever sent, and no
// token or key reaches a log, an error message or a URL (tokens in the query string are ignored).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AikeyError } from '#shared/errors.js';
import type { Wallet } from '../wallet.js';
import { liveOtherEndpoint, readDiscovery, removeDiscovery, writeDiscovery } from './discovery.js';
import { allowedHosts, FailureLimiter } from './guards.js';
import { asEndpointError, EndpointError, isoTime, sendError, sendJson } from './responses.js';
import { cvHubKeyList, parseCvHubProvider, serveProviderKey } from './cv-hub-routes.js';
import { environment } from './env-route.js';
import { resolution } from './resolve-route.js';
import { keyView, parseProvider, readableKeys, serveKey, type RouteContext } from './routes.js';
import { peerProcess } from './peer-process.js';
import { UsageRecorder } from './usage-recorder.js';
import { holdForApproval, NO_ONE_TO_ASK, type ApprovalGate } from './approval-gate.js';
import { Broker, type BrokerLimits } from '../broker/broker.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import type { Authentication } from '../tokens/token-store.js';

export const DEFAULT_PORT = 47821;
export const ENDPOINT_VERSION = '1';

export type EndpointRunner = 'desktop' | 'serve';

export interface EndpointOptions {
  wallet: Wallet;
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  version?: string;
  now?: () => number;
  /**
   * Who serves: the desktop app or the headless `aikey serve`. /health says so with the pid, so
   * `aikey lock` can check that endpoint.json names a live `aikey serve` before it stops one, and
   * never stops the desktop app (which has its own Lock).
   */
  runner?: EndpointRunner;
  /** Failed authentications per client per window before 429. */
  maxAuthFailures?: number;
  authWindowMs?: number;
  /** The broker's limits (request body cap, upstream timeout); see src/core/broker/README.md. */
  broker?: BrokerLimits;
  /** Asks the user before an "Ask before use" token is used (the desktop); none refuses such tokens. */
  approvals?: ApprovalGate;
  /**
   * Told, once per connection and after the answer is sent, that a token was used, with the calling
   * program's executable where the OS says (the desktop's "new caller" notice). Never the token.
   */
  onTokenUse?: (use: TokenUse) => void;
}

export interface TokenUse {
  tokenId: string;
  tokenName: string;
  /** The caller's executable path, or null where the OS does not say. */
  caller: string | null;
}

export interface RunningEndpoint {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const MAX_HEADERS = 40;

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer +([^\s]+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * The request target as a URL on our own origin. Only origin-form ("/path?query") is accepted;
 * "//host" would otherwise parse as another authority, and absolute-form targets are refused.
 */
function requestTarget(raw: string | undefined): URL {
  if (raw === undefined || !raw.startsWith('/')) {
    throw new EndpointError('invalid_request', 'The request target must be a path such as /v1/keys.');
  }
  try {
    return new URL(`http://127.0.0.1${raw}`);
  } catch {
    throw new EndpointError('invalid_request', 'The request path is not valid.');
  }
}

export async function startEndpoint(options: EndpointOptions): Promise<RunningEndpoint> {
  const { wallet, dataDir } = options;
  const now = options.now ?? Date.now;
  const version = options.version ?? '0.1.0';
  const runner = options.runner ?? 'desktop';
  const other = liveOtherEndpoint(dataDir);
  if (other) {
    throw new AikeyError(
      'EndpointInUse',
      `Another wallet process (pid ${other.pid}) already serves ${other.url}.`,
    );
  }
  const usage = new UsageRecorder(wallet);
  const limiter = new FailureLimiter({
    maxFailures: options.maxAuthFailures ?? 10,
    windowMs: options.authWindowMs ?? 60_000,
    now,
  });
  // The bookkeeping worker lives as long as the vault session: started now or at the next unlock,
  // drained and ended before each lock (its connection is keyed for the vault).
  usage.writer.start();
  const unsubscribeLock = wallet.vault.beforeLock(() => {
    usage.flush();
    usage.writer.stop();
  });
  const unsubscribeUnlock = wallet.vault.onUnlock(() => usage.writer.start());
  let hosts = new Set<string>();

  /**
   * One token check per request: "Ask before use" (approval-gate.ts) and then the route need the
   * same answer within the same turn. Forgotten at the end of the turn, so a request that waited for
   * approval (or any later request) is checked afresh and no presented value outlives its request.
   */
  let lastCheck: { presented: string; auth: Authentication } | null = null;
  const authenticate = (presented: string): Authentication => {
    if (lastCheck?.presented === presented) return lastCheck.auth;
    const auth = wallet.tokens.authenticate(presented);
    if (lastCheck === null)
      queueMicrotask(() => {
        lastCheck = null;
      });
    lastCheck = { presented, auth };
    return auth;
  };

  /**
   * The token and lock checks every authenticated route shares (the broker's included): 401 for a
   * missing, unknown or expired token, 429 once a client has failed too often, then 423 when locked.
   */
  const admit = (presented: string | null, client: string): TokenSummary => {
    const auth = presented === null ? ({ kind: 'unknown' } as const) : authenticate(presented);
    if (auth.kind !== 'ok') {
      const wait = limiter.retryAfterMs(client);
      if (wait > 0) {
        throw new EndpointError('rate_limited', 'Too many failed attempts. Slow down.', {
          'Retry-After': String(Math.ceil(wait / 1000)),
        });
      }
      limiter.recordFailure(client);
      if (auth.kind === 'expired') {
        throw new EndpointError('token_expired', 'This access token has expired.', {
          'WWW-Authenticate': 'Bearer error="invalid_token"',
        });
      }
      throw new EndpointError(
        'unauthorized',
        'A valid access token is required (Authorization: Bearer aik_…).',
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    if (!wallet.vault.isUnlocked())
      throw new EndpointError('vault_locked', 'The wallet is locked. Unlock it and try again.');
    return auth.token;
  };
  const broker = new Broker({ wallet, usage, writer: usage.writer, admit, now, ...options.broker });

  /**
   * The caller is looked up while its connection is surely open (a short-lived CLI may be gone once
   * answered), once per connection; the listener hears of it after the answer has gone out.
   */
  const reported = new WeakSet<object>();
  const reportUse = (req: IncomingMessage, res: ServerResponse, token: TokenSummary): void => {
    if (reported.has(req.socket)) return;
    reported.add(req.socket);
    const caller = peerProcess(req.socket.remotePort, req.socket.localPort ?? 0).exe;
    res.once('finish', () =>
      setImmediate(() => options.onTokenUse?.({ tokenId: token.id, tokenName: token.name, caller })),
    );
  };

  const handle = (req: IncomingMessage, res: ServerResponse, approved = false): void => {
    const host = req.headers.host?.toLowerCase();
    if (!host || !hosts.has(host))
      throw new EndpointError('bad_host', 'Requests must be addressed to the loopback host.');
    if (req.headers.origin !== undefined) {
      throw new EndpointError('origin_forbidden', 'Browsers may not call the wallet endpoint.');
    }
    const url = requestTarget(req.url);
    // "Ask before use" (approval-gate.ts): wait for the verdict, then run the request from the top.
    const gate = options.approvals ?? NO_ONE_TO_ASK;
    const again = () => respond(req, res, true);
    if (
      !approved &&
      holdForApproval(wallet, authenticate, gate, req.socket.localPort ?? 0, req, res, url, again)
    )
      return;
    // The broker's routes take request bodies and other methods; they admit the caller themselves.
    if (broker.handles(url.pathname)) {
      broker.handle(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new EndpointError('method_not_allowed', 'Only GET is supported.', { Allow: 'GET, HEAD' });
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > 0 || req.headers['transfer-encoding'] !== undefined) {
      throw new EndpointError('payload_too_large', 'Requests to the wallet endpoint carry no body.');
    }
    const path = url.pathname;
    if (path === '/health') {
      sendJson(res, 200, {
        status: 'ok',
        locked: !wallet.vault.isUnlocked(),
        version,
        pid: process.pid,
        runner,
      });
      return;
    }
    if (!path.startsWith('/v1/') && !path.startsWith('/api/'))
      throw new EndpointError('not_found', 'No such route.');

    const token = admit(bearerToken(req), req.socket.remoteAddress ?? 'unknown');
    if (options.onTokenUse) reportUse(req, res, token);
    const ctx: RouteContext = { wallet, usage, token, userAgent: req.headers['user-agent'], now };
    const segments = path.split('/').filter(Boolean);

    if (path === '/v1/whoami') {
      const { name, masked, scope, expiresAt } = token;
      sendJson(res, 200, {
        name,
        token: masked,
        scope,
        expiresAt: isoTime(expiresAt),
      });
    } else if (path === '/v1/keys') {
      const keys = readableKeys(ctx).map((k) => ({
        provider: k.provider,
        name: k.name,
        hub: k.hubName,
        masked: k.masked,
        expiresAt: isoTime(k.expiresAt),
      }));
      sendJson(res, 200, { keys });
    } else if (segments.length === 3 && segments[0] === 'v1' && segments[1] === 'keys') {
      const provider = parseProvider(segments[2]!);
      const served = serveKey(
        ctx,
        provider,
        url.searchParams.get('name') ?? 'default',
        url.searchParams.get('hub'),
      );
      sendJson(res, 200, keyView(served));
    } else if (path === '/v1/env') {
      sendJson(res, 200, environment(ctx, url.searchParams.get('providers'), url.searchParams.getAll('key')));
    } else if (path === '/v1/resolve') {
      sendJson(res, 200, resolution(ctx, url.searchParams.getAll('ref')));
    } else if (path === '/api/keys') {
      sendJson(res, 200, cvHubKeyList(ctx));
    } else if (
      segments.length === 4 &&
      segments[0] === 'api' &&
      segments[1] === 'keys' &&
      segments[2] === 'provider'
    ) {
      // cv-hub's contract: exactly {"key": "..."}.
      const served = serveProviderKey(ctx, parseCvHubProvider(segments[3]!));
      sendJson(res, 200, { key: served.secret });
    } else {
      throw new EndpointError('not_found', 'No such route.');
    }
  };

  const respond = (req: IncomingMessage, res: ServerResponse, approved = false): void => {
    try {
      handle(req, res, approved);
    } catch (error) {
      sendError(res, asEndpointError(error));
    }
  };
  const server = createServer(
    {
      maxHeaderSize: 8 * 1024,
      requestTimeout: 10_000,
      headersTimeout: 5_000,
      keepAliveTimeout: 5_000,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => respond(req, res),
  );
  server.maxHeadersCount = MAX_HEADERS;
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        const holder = readDiscovery(dataDir);
        const who = holder ? `another wallet process (pid ${holder.pid})` : 'another program';
        reject(
          new AikeyError(
            'EndpointInUse',
            `Port ${options.port ?? DEFAULT_PORT} on 127.0.0.1 is already used by ${who}.`,
          ),
        );
      } else reject(error);
    });
    server.listen({ host: '127.0.0.1', port: options.port ?? DEFAULT_PORT, exclusive: true }, () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
  hosts = allowedHosts(port);
  const url = `http://127.0.0.1:${port}`;
  writeDiscovery(dataDir, { url, pid: process.pid, version });

  return {
    url,
    port,
    server,
    async close() {
      unsubscribeLock();
      unsubscribeUnlock();
      broker.close();
      usage.flush();
      usage.writer.stop();
      removeDiscovery(dataDir);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
