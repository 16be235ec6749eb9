// One proxied call, upstream and back, streamed both ways: request bytes go up as they arrive and
// response bytes come back as they arrive, each side pausing when the other cannot keep up; a client
// that goes away aborts the upstream call. The caller's headers pass except hop-by-hop ones and every
// header that can carry a key; the real key is added in the provider's own header only. Redirects are
// never followed: a Location on the key's base URL is rewritten to the matching /proxy path, any
// other Location is removed. Bodies are counted, never logged.
import {
  request as httpRequest,
  type Agent as HttpAgent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import { EndpointError } from '../endpoint/responses.js';
import { KEY_HEADERS } from './provider-wire.js';
import { meterModeFor, UsageMeter, type Usage } from './usage-meter.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'expect',
  'content-length',
  'accept-encoding',
  ...KEY_HEADERS,
]);

export interface ForwardPlan {
  method: string;
  upstream: URL;
  /** The key's base URL, and the /proxy prefix that stands for it (for Location rewriting). */
  baseUrl: URL;
  proxyPrefix: string;
  /** The prefix stands for the base URL's origin rather than the base URL itself. */
  originForm: boolean;
  auth: [string, string];
  /** A body the broker already read (and may have changed); otherwise the request is piped. */
  body: Buffer | null;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  stripIncludedUsage: boolean;
  model: string | null;
  agents: { http: HttpAgent; https: HttpsAgent };
  /** Refusals before any response byte went out, in the provider's error shape. */
  fail(error: EndpointError): void;
  done(outcome: { status: number; usage: Usage; streamed: boolean }): void;
}

/** Tokens a Connection header names are hop-by-hop too (RFC 9110 7.6.1). */
function connectionTokens(value: string | string[] | undefined): Set<string> {
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    list
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

function upstreamHeaders(req: IncomingMessage, plan: ForwardPlan): OutgoingHttpHeaders {
  const named = connectionTokens(req.headers.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || name.startsWith('x-aikey-'))
      continue;
    headers[name] = value;
  }
  // Identity, so usage can be read without inflating; loopback to the caller needs no compression.
  headers['accept-encoding'] = 'identity';
  if (plan.body !== null) headers['content-length'] = String(plan.body.length);
  else if (req.headers['content-length'] !== undefined)
    headers['content-length'] = req.headers['content-length'];
  headers[plan.auth[0]] = plan.auth[1];
  return headers;
}

function downstreamHeaders(
  upRes: IncomingMessage,
  plan: ForwardPlan,
  rewrites: boolean,
): OutgoingHttpHeaders {
  const named = connectionTokens(upRes.headers.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upRes.headers)) {
    if (value === undefined || named.has(name) || name.startsWith('access-control-')) continue;
    if (HOP_BY_HOP.has(name) && name !== 'content-length') continue;
    if (name === 'content-length' && rewrites) continue;
    headers[name] = value;
  }
  if (typeof headers.location === 'string') {
    const location = proxiedLocation(headers.location, plan);
    if (location === null) delete headers.location;
    else headers.location = location;
  }
  return headers;
}

/** A redirect target on the key's base URL as the matching /proxy path, or null (removed). */
function proxiedLocation(raw: string, plan: ForwardPlan): string | null {
  let target: URL;
  try {
    target = new URL(raw, plan.upstream);
  } catch {
    return null;
  }
  const basePath = plan.baseUrl.pathname.replace(/\/$/, '');
  if (target.origin !== plan.baseUrl.origin || !target.pathname.startsWith(basePath)) return null;
  const path = plan.originForm ? target.pathname : target.pathname.slice(basePath.length);
  return `${plan.proxyPrefix}${path}${target.search}`;
}

export function forward(req: IncomingMessage, res: ServerResponse, plan: ForwardPlan): void {
  const send = plan.upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = plan.upstream.protocol === 'https:' ? plan.agents.https : plan.agents.http;
  let settled = false;
  const finish = (status: number, usage: Usage, streamed: boolean) => {
    if (settled) return;
    settled = true;
    plan.done({ status, usage, streamed });
  };
  const upReq = send(plan.upstream, { method: plan.method, headers: upstreamHeaders(req, plan), agent });
  upReq.setTimeout(plan.upstreamTimeoutMs, () =>
    upReq.destroy(new EndpointError('upstream_timeout', 'The provider did not answer in time.')),
  );
  upReq.on('error', (error) => {
    if (!res.headersSent) {
      plan.fail(
        error instanceof EndpointError
          ? error
          : new EndpointError('bad_gateway', `The provider at ${plan.baseUrl.host} could not be reached.`),
      );
    } else res.destroy();
    finish(0, { model: plan.model, inputTokens: null, outputTokens: null, cachedInputTokens: null }, false);
  });
  // The caller went away (or the answer is complete): stop the upstream call if it is still going.
  res.on('close', () => {
    if (!res.writableFinished) upReq.destroy();
  });

  upReq.on('response', (upRes) => {
    const status = upRes.statusCode ?? 502;
    const mode = meterModeFor(upRes.headers['content-type']);
    const meter = new UsageMeter(mode, plan.stripIncludedUsage, plan.model);
    res.writeHead(status, downstreamHeaders(upRes, plan, meter.rewrites));
    // A stream's headers go out at once, so the client is not kept waiting for its first event;
    // other answers send theirs with the first body bytes (one write instead of two).
    if (mode === 'sse') res.flushHeaders();
    upRes.on('data', (chunk: Buffer) => {
      const out = meter.write(chunk);
      if (out.length > 0 && !res.write(out)) upRes.pause();
    });
    res.on('drain', () => upRes.resume());
    upRes.on('end', () => {
      const rest = meter.end();
      res.end(rest.length > 0 ? rest : undefined);
      finish(status, meter.usage, mode === 'sse');
    });
    upRes.on('error', () => {
      res.destroy();
      finish(status, meter.usage, mode === 'sse');
    });
  });

  if (plan.body !== null) {
    upReq.end(plan.body);
    return;
  }
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > plan.maxBodyBytes) {
      req.pause();
      upReq.destroy();
      if (!res.headersSent) plan.fail(tooLarge(plan.maxBodyBytes));
      return;
    }
    if (!upReq.write(chunk)) req.pause();
  });
  upReq.on('drain', () => req.resume());
  req.on('end', () => upReq.end());
  // A body cut short must not reach the provider as if it were whole.
  req.on('error', () => upReq.destroy());
}

export function tooLarge(maxBytes: number): EndpointError {
  return new EndpointError(
    'payload_too_large',
    `The request body is larger than the broker accepts (${Math.round(maxBytes / 1024 / 1024)} MiB).`,
    { Connection: 'close' },
  );
}

/**
 * Reads a whole body up to the cap and calls back once: with 413 the moment it passes the cap, with
 * 400 if the body ends early, else with the body (a callback, not a promise: no extra turn per call).
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  done: (error: EndpointError | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (error: EndpointError | null, body: Buffer) => {
    if (settled) return;
    settled = true;
    done(error, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) {
      req.off('data', onData);
      req.pause();
      settle(tooLarge(maxBytes), EMPTY);
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.on('end', () => settle(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  req.on('error', () => settle(new EndpointError('invalid_request', 'The request body ended early.'), EMPTY));
}

const EMPTY = Buffer.alloc(0);
