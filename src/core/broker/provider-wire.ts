// What differs between providers on the wire: where the caller's SDK puts the key (so where the
// aikey token arrives), where the real key goes upstream (the registry's auth header), and the shape
// of an error body that provider's SDK understands. The caller's token is removed from every place
// a key can travel, whichever provider, so it never reaches an upstream.
import type { IncomingHttpHeaders } from 'node:http';
import { providerInfo, type ProviderId } from '#shared/providers.js';

/** Every request header that can carry a provider key; all are removed before forwarding. */
export const KEY_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'] as const;

function bearerValue(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function rawValue(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
}

/**
 * The aikey token as this provider's SDK sends the key: Bearer (OpenAI-compatible, Cohere, and
 * Anthropic's auth-token form used by Claude Code's ANTHROPIC_AUTH_TOKEN), x-api-key (Anthropic),
 * x-goog-api-key or ?key= (Google). Query-string tokens are taken for Google only, whose SDKs
 * put the key there; the parameter is removed from the forwarded URL either way.
 */
export function presentedToken(
  provider: ProviderId,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): string | null {
  const bearer = bearerValue(headers.authorization);
  if (provider === 'anthropic') return rawValue(headers['x-api-key']) ?? bearer;
  if (provider === 'google') return rawValue(headers['x-goog-api-key']) ?? query.get('key') ?? bearer;
  return bearer ?? rawValue(headers['x-api-key']);
}

/** The header and value the real key travels in upstream: the provider's own, nowhere else. */
export function upstreamAuth(provider: ProviderId, secret: string): [string, string] {
  const { authHeader, authScheme } = providerInfo(provider).validation;
  return [authHeader.toLowerCase(), authScheme === 'bearer' ? `Bearer ${secret}` : secret];
}

/**
 * An error body in the provider's own shape, so the caller's SDK raises its usual error with our
 * message (OpenAI-compatible: {error:{message,type,code}}; Anthropic: {type:"error",error:{type,
 * message}}; Google: {error:{code,message,status}}).
 */
export function providerErrorBody(
  provider: ProviderId | null,
  status: number,
  code: string,
  message: string,
): unknown {
  if (provider === 'anthropic') return { type: 'error', error: { type: code, message } };
  if (provider === 'google') return { error: { code: status, message, status: code.toUpperCase() } };
  return { error: { message, type: code, code } };
}
