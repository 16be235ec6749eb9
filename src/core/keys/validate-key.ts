// Live validation: one cheap authenticated request from the provider registry tells a valid key from
// an invalid one. The key goes only in the header the registry names: never in the URL, a log or a
// message. Redirects are not followed, so the key never travels to a host other than the base URL's.
// A short timeout keeps the Test button honest on a dead network. fetch is injectable for tests.
import { AikeyError } from '#shared/errors.js';
import { PROVIDERS } from '#shared/providers.js';
import type { ValidationRequest, ValidationResult, ValidationTarget } from '#shared/schemas/keys.js';
import type { KeyStore } from './key-store.js';

export const VALIDATION_TIMEOUT_MS = 5_000;

export interface ValidateKeyOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Printable Latin-1 without control characters: what an HTTP header value can carry. */
const HEADER_SAFE = /^[\x20-\x7e\x80-\xff]+$/;

function requestUrl(base: string, path: string): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}${path}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AikeyError('InvalidInput', 'The base URL must start with http:// or https://.');
  }
  return url;
}

export async function validateKey(
  target: ValidationTarget,
  options: ValidateKeyOptions = {},
): Promise<ValidationResult> {
  const provider = PROVIDERS[target.provider];
  const base = target.baseUrl ?? provider.defaultBaseUrl;
  if (base === '') {
    throw new AikeyError('InvalidInput', 'A custom key needs a base URL to test it against.');
  }
  if (!HEADER_SAFE.test(target.secret)) {
    throw new AikeyError('InvalidInput', 'The key contains characters no provider accepts.');
  }
  const { validation } = provider;
  const url = requestUrl(base, validation.path);
  const headers = new Headers(validation.extraHeaders);
  headers.set(
    validation.authHeader,
    validation.authScheme === 'bearer' ? `Bearer ${target.secret}` : target.secret,
  );
  const name = provider.displayName;
  let status: number;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: validation.method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? VALIDATION_TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel();
  } catch {
    return {
      outcome: 'no_network',
      status: null,
      message: `No network: ${url.host} did not answer. Check your connection and the base URL.`,
    };
  }
  if (status >= 200 && status < 300) {
    return { outcome: 'valid', status, message: `Valid key: ${name} accepted it.` };
  }
  if (status === 401 || status === 403) {
    return { outcome: 'invalid_key', status, message: `Invalid key: ${name} refused it (HTTP ${status}).` };
  }
  if (status === 429) {
    return {
      outcome: 'rate_limited',
      status,
      message: `Rate limited: ${name} asked to slow down (HTTP 429). Try again in a minute.`,
    };
  }
  return {
    outcome: 'unexpected',
    status,
    message: `Unexpected answer from ${name}: HTTP ${status}. The key may still be valid.`,
  };
}

/**
 * Validates a stored key (revealed through the key store, so it is audited as a reveal) or a key the
 * user typed but has not saved yet.
 */
export function validateKeyRequest(
  keys: KeyStore,
  request: ValidationRequest,
  options: ValidateKeyOptions = {},
): Promise<ValidationResult> {
  if ('id' in request) {
    const key = keys.get(request.id);
    return validateKey(
      { provider: key.provider, secret: keys.reveal(request.id), baseUrl: key.baseUrl },
      options,
    );
  }
  return validateKey(
    { provider: request.provider, secret: request.secret, baseUrl: request.baseUrl ?? null },
    options,
  );
}
