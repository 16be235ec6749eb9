// Every answer the endpoint gives: JSON with no CORS headers ever, no caching, and errors as
// {"error":{"code","message"}}. Messages name what went wrong, never a token or a key.
import type { ServerResponse } from 'node:http';
import { storageFailure } from '../db/storage-errors.js';

export type EndpointErrorCode =
  | 'bad_host'
  | 'origin_forbidden'
  | 'unauthorized'
  | 'token_expired'
  | 'vault_locked'
  | 'out_of_scope'
  | 'key_not_found'
  | 'not_found'
  | 'method_not_allowed'
  | 'invalid_request'
  | 'payload_too_large'
  | 'rate_limited'
  | 'vault_corrupt'
  | 'vault_busy'
  | 'model_not_allowed'
  | 'budget_exhausted'
  | 'bad_gateway'
  | 'upstream_timeout'
  | 'approval_denied'
  | 'approval_unavailable'
  | 'internal';

const STATUS: Record<EndpointErrorCode, number> = {
  bad_host: 403,
  origin_forbidden: 403,
  unauthorized: 401,
  token_expired: 401,
  vault_locked: 423,
  out_of_scope: 403,
  key_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  invalid_request: 400,
  payload_too_large: 413,
  rate_limited: 429,
  vault_corrupt: 503,
  vault_busy: 503,
  model_not_allowed: 403,
  budget_exhausted: 402,
  bad_gateway: 502,
  upstream_timeout: 504,
  approval_denied: 403,
  approval_unavailable: 403,
  internal: 500,
};

export class EndpointError extends Error {
  constructor(
    readonly code: EndpointErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

const BASE_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, ...headers, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: EndpointError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/** Times cross the endpoint as ISO 8601 strings, or null. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Any failure as the EndpointError the client sees: storage failures by name, the rest as 500. */
export function asEndpointError(error: unknown): EndpointError {
  if (error instanceof EndpointError) return error;
  const failure = storageFailure(error);
  if (failure?.code === 'VaultLocked')
    return new EndpointError('vault_locked', 'The wallet is locked. Unlock it and try again.');
  if (failure?.code === 'VaultCorrupt') {
    return new EndpointError(
      'vault_corrupt',
      'The vault is damaged. Restore it from a backup (aikey restore).',
    );
  }
  if (failure?.code === 'VaultBusy') {
    return new EndpointError('vault_busy', 'The vault is busy with another write. Try again.', {
      'Retry-After': '1',
    });
  }
  if (error instanceof URIError)
    return new EndpointError('invalid_request', 'The request path is not valid.');
  return new EndpointError('internal', 'The wallet could not answer this request.');
}
