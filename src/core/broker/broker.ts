// The broker: /proxy/<provider>[:<key name>]/… on the loopback endpoint forwards a provider API
// call with the wallet's key, so the calling process never holds it. Before a byte is forwarded the
// call passes the endpoint's checks (Host and Origin in server.ts; here the token, the brute-force
// limiter, the lock and the token's scope); the caller's token is then removed and the real key added
// upstream only, in the provider's own header, only towards the key's base URL. Also serves the
// session-token routes of `aikey exec --broker` (session-routes.ts).
import { Agent as HttpAgent, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { providerInfo, type ProviderId } from '#shared/providers.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { asEndpointError, EndpointError } from '../endpoint/responses.js';
import { readableKeys, serveKey, type RouteContext } from '../endpoint/routes.js';
import type { BookkeepingWriter } from '../endpoint/bookkeeping-writer.js';
import type { UsageRecorder } from '../endpoint/usage-recorder.js';
import type { Wallet } from '../wallet.js';
import { costUsd, priceFor, type PriceTable } from '#shared/prices.js';
import { CallRecorder } from './call-recorder.js';
import { PolicyGate } from './policy-gate.js';
import { forward, readBody, tooLarge } from './forward.js';
import { presentedToken, providerErrorBody, upstreamAuth } from './provider-wire.js';
import { prepareBody } from './request-body.js';
import type { Usage } from './usage-meter.js';
import {
  modelInPath,
  ORIGIN_PREFIX,
  parseTarget,
  upstreamRest,
  wantsBody,
  type ProxyTarget,
} from './proxy-target.js';
import { handleSessionRoute, SESSIONS_PATH } from './session-routes.js';
import { BrokerSessions, SESSION_PREFIX, type BrokerSession } from './sessions.js';

export interface BrokerLimits {
  /** Largest request body forwarded (vision requests run to tens of MB). Default 32 MiB. */
  maxBodyBytes?: number;
  /** How long the upstream may stay silent before the call fails with 504. Default 10 minutes. */
  upstreamTimeoutMs?: number;
  /** The user's prices, read at each call, ahead of the built-in table (src/shared/prices.ts). */
  prices?: () => PriceTable;
}

export interface BrokerOptions extends BrokerLimits {
  wallet: Wallet;
  usage: Pick<UsageRecorder, 'add'>;
  /** Where the call log is written off the event loop (the endpoint's worker); else on this thread. */
  writer?: Pick<BookkeepingWriter, 'postCalls' | 'drain'>;
  /** The endpoint's token, limiter and lock checks (server.ts). */
  admit(presented: string | null, client: string): TokenSummary;
  now: () => number;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10 * 60 * 1000;

export class Broker {
  readonly sessions: BrokerSessions;
  private readonly calls: CallRecorder;
  private readonly gate: PolicyGate;
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
  };
  private readonly bases = new Map<string, { url: URL; trimmed: string; path: string }>();
  private readonly maxBodyBytes: number;
  private readonly upstreamTimeoutMs: number;
  private readonly prices: () => PriceTable;

  constructor(private readonly options: BrokerOptions) {
    this.sessions = new BrokerSessions(options.now);
    const { writer } = options;
    // Handed to the worker in small batches (it gathers them into one commit); written here in
    // large ones when there is no worker.
    this.calls = writer
      ? new CallRecorder({ record: (calls) => writer.postCalls(calls) }, 5, 64)
      : new CallRecorder(options.wallet.tokens.calls);
    // A budget check reads the totals on this thread's connection: everything queued is written first.
    const settle = () => {
      this.calls.flush();
      writer?.drain();
    };
    this.gate = new PolicyGate(options.wallet.tokens.calls, settle, options.now, () => this.prices());
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.upstreamTimeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
    this.prices = options.prices ?? (() => ({}));
  }

  handles(path: string): boolean {
    return (
      path.startsWith('/proxy/') ||
      path.startsWith(ORIGIN_PREFIX) ||
      path === SESSIONS_PATH ||
      path.startsWith(`${SESSIONS_PATH}/`)
    );
  }

  handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!url.pathname.startsWith('/proxy/') && !url.pathname.startsWith(ORIGIN_PREFIX)) {
      handleSessionRoute(req, res, url, {
        ...this.options,
        sessions: this.sessions,
      });
      return;
    }
    let provider: ProviderId | null = null;
    const fail = (error: unknown) => {
      const failure = asEndpointError(error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = JSON.stringify(providerErrorBody(provider, failure.status, failure.code, failure.message));
      res.writeHead(failure.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...failure.headers,
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
      // A refused body is not read: closing the connection is cheaper than draining it.
      if (failure.headers.Connection === 'close') res.on('finish', () => req.socket.end());
    };
    try {
      const target = parseTarget(req.url ?? '');
      provider = target.provider;
      this.proxy(req, res, url, target, fail);
    } catch (error) {
      fail(error);
    }
  }

  private proxy(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    target: ProxyTarget,
    fail: (error: unknown) => void,
  ): void {
    const started = performance.now();
    const { wallet, now } = this.options;
    const { provider } = target;
    const client = req.socket.remoteAddress ?? 'unknown';
    const presented = presentedToken(provider, req.headers, url.searchParams);
    let session: BrokerSession | null = null;
    let parent = presented;
    if (presented?.startsWith(SESSION_PREFIX)) {
      session = this.sessions.resolve(presented);
      parent = session?.parentToken ?? null;
    }
    const token = this.options.admit(parent, client);
    const ctx: RouteContext = {
      wallet,
      usage: this.options.usage,
      token,
      userAgent: `${req.headers['user-agent'] ?? 'unknown'} (via the broker)`,
      now,
      viaBroker: true,
    };
    // The token's rate and budgets come before its key is read, so a refused call reads no key.
    const policy = wallet.tokens.policies.get(token.id);
    if (policy) this.gate.admit(token, policy);
    const choice = this.chooseKey(ctx, target, req, session);
    const { key, secret } = serveKey(ctx, provider, choice.name, choice.hub);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBodyBytes) throw tooLarge(this.maxBodyBytes);
    const base = key.baseUrl ?? providerInfo(provider).defaultBaseUrl;
    if (base === '') throw new EndpointError('key_not_found', 'This key has no base URL to forward to.');
    const { url: baseUrl, trimmed, path: basePath } = this.parsedBase(base);
    const rest = upstreamRest(target.rest, provider);
    const upstream = new URL(target.originForm ? `${baseUrl.origin}${rest}` : `${trimmed}${rest}`);
    const underBase = upstream.pathname === basePath || upstream.pathname.startsWith(`${basePath}/`);
    if (upstream.origin !== baseUrl.origin || !underBase) {
      throw new EndpointError('invalid_request', "The request path is not under the key's base URL.");
    }

    const record = (status: number, usage: Usage, streamed: boolean) => {
      const price = priceFor(provider, usage.model, this.prices());
      const cost = price === null ? null : costUsd(price.price, usage);
      if (policy) this.gate.spend(token.id, (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0), cost ?? 0);
      this.calls.add({
        at: now(),
        tokenId: token.id,
        tokenName: token.name,
        sessionId: session?.id ?? null,
        keyId: key.id,
        keyName: key.name,
        hubName: key.hubName,
        provider,
        model: usage.model,
        method: req.method ?? 'GET',
        status,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cachedInputTokens: usage.cachedInputTokens,
        costUsd: cost,
        durationMs: Math.round(performance.now() - started),
        streamed,
      });
    };
    const start = (body: Buffer | null, model: string | null, stripIncludedUsage: boolean) => {
      if (policy) this.gate.checkModel(token, policy, provider, model);
      forward(req, res, {
        method: req.method ?? 'GET',
        upstream,
        baseUrl,
        proxyPrefix: target.prefix,
        originForm: target.originForm,
        auth: upstreamAuth(provider, secret),
        body,
        maxBodyBytes: this.maxBodyBytes,
        upstreamTimeoutMs: this.upstreamTimeoutMs,
        stripIncludedUsage,
        model,
        agents: this.agents,
        fail,
        done: ({ status, usage, streamed }) => record(status, usage, streamed),
      });
    };
    const needModel = policy !== null && (policy.models != null || policy.requireKnownPrice === true);
    const pathModel = modelInPath(upstream.pathname);
    if (!wantsBody(req, provider, upstream.pathname, needModel && pathModel === null)) {
      start(null, pathModel, false);
      return;
    }
    readBody(req, this.maxBodyBytes, (error, raw) => {
      if (error !== null) {
        fail(error);
        return;
      }
      try {
        const prepared = prepareBody(provider, upstream.pathname, raw, needModel);
        start(prepared.body, prepared.model ?? pathModel, prepared.stripIncludedUsage);
      } catch (failure) {
        fail(failure);
      }
    });
  }

  /** A key's base URL, parsed once: every call to the same provider shares it. Never mutated. */
  private parsedBase(base: string): { url: URL; trimmed: string; path: string } {
    let parsed = this.bases.get(base);
    if (parsed === undefined) {
      const url = new URL(base);
      parsed = { url, trimmed: base.replace(/\/+$/, ''), path: url.pathname.replace(/\/+$/, '') };
      if (this.bases.size >= 256) this.bases.clear();
      this.bases.set(base, parsed);
    }
    return parsed;
  }

  /**
   * Which stored key: a session's pinned key, else the one named in the path or `x-aikey-key`, else
   * `default` (or, for a token limited to other names, the first of those this provider has).
   */
  private chooseKey(
    ctx: RouteContext,
    target: ProxyTarget,
    req: IncomingMessage,
    session: BrokerSession | null,
  ) {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    };
    const asked = target.keyName ?? header('x-aikey-key');
    const pins = session?.pinned?.filter((p) => p.provider === target.provider) ?? null;
    if (pins !== null) {
      const pin = asked === null ? pins[0] : pins.find((p) => p.name === asked);
      if (!pin) throw new EndpointError('out_of_scope', 'This session may not use that key.');
      return { name: pin.name, hub: pin.hub };
    }
    const hub = header('x-aikey-hub');
    if (asked !== null) return { name: asked, hub };
    const names = ctx.token.scope.keyNames;
    if (names === null || names.includes('default')) return { name: 'default', hub };
    return { name: readableKeys(ctx, target.provider)[0]?.name ?? 'default', hub };
  }

  close(): void {
    this.calls.flush();
    this.sessions.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
