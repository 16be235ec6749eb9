// Where a /proxy call goes, read from the path exactly as the client sent it (never the normalised
// URL): the provider, an optional key name, the rest of the path and query, and whether it is the
// origin form. Also the small request facts the broker decides on (the model in a Google path, and
// which bodies it reads whole). Pure functions: no I/O, no secrets.
import type { IncomingMessage } from 'node:http';
import { isProviderId, PROVIDER_IDS, type ProviderId } from '#shared/providers.js';
import { EndpointError } from '../endpoint/responses.js';

/** "/proxy/openai:work/chat/completions?x=1" -> provider, key name, the rest exactly as sent. */
export interface ProxyTarget {
  provider: ProviderId;
  keyName: string | null;
  prefix: string;
  rest: string;
  /** /proxy-origin/: the rest is a path on the base URL's origin (and must stay under its path). */
  originForm: boolean;
}

export const ORIGIN_PREFIX = '/proxy-origin/';

export function parseTarget(raw: string): ProxyTarget {
  const originForm = raw.startsWith(ORIGIN_PREFIX);
  if (!raw.startsWith('/proxy/') && !originForm)
    throw new EndpointError('invalid_request', 'The request path is not valid.');
  const after = raw.slice(originForm ? ORIGIN_PREFIX.length : '/proxy/'.length);
  const cut = after.search(/[/?]/);
  const first = cut < 0 ? after : after.slice(0, cut);
  const rest = cut < 0 ? '' : after.slice(cut);
  const decoded = decodeURIComponent(first);
  const colon = decoded.indexOf(':');
  const providerPart = (colon < 0 ? decoded : decoded.slice(0, colon)).toLowerCase();
  if (!isProviderId(providerPart)) {
    throw new EndpointError('not_found', `Unknown provider. Known providers: ${PROVIDER_IDS.join(', ')}.`);
  }
  const keyName = colon < 0 ? null : decoded.slice(colon + 1);
  if (keyName === '') throw new EndpointError('invalid_request', 'A key name after ":" may not be empty.');
  // Dot segments would climb out of the key's base URL once the upstream URL is resolved.
  const path = rest.split('?')[0] ?? '';
  if (path.split('/').some((seg) => /^(?:\.|%2e){1,2}$/i.test(seg))) {
    throw new EndpointError('invalid_request', 'The request path may not contain "." or ".." segments.');
  }
  const prefix = `${originForm ? ORIGIN_PREFIX : '/proxy/'}${first}`;
  return { provider: providerPart, keyName, prefix, rest, originForm };
}

/** The rest of the path and query as sent, less Google's ?key= (which held the aikey token). */
export function upstreamRest(rest: string, provider: ProviderId): string {
  const q = rest.indexOf('?');
  if (provider !== 'google' || q < 0) return rest;
  const params = new URLSearchParams(rest.slice(q + 1));
  if (!params.has('key')) return rest;
  params.delete('key');
  const query = params.toString();
  return `${rest.slice(0, q)}${query === '' ? '' : `?${query}`}`;
}

/** Google names the model in the path: /v1beta/models/gemini-2.5-flash:generateContent. */
export function modelInPath(path: string): string | null {
  const match = /\/models\/([^/:]+)(?::|$)/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/**
 * Bodies the broker reads whole: OpenAI-style JSON completions (where it may ask a stream for its
 * usage), and any JSON call whose model a policy has to see. Everything else is piped.
 */
export function wantsBody(
  req: IncomingMessage,
  provider: ProviderId,
  path: string,
  needModel: boolean,
): boolean {
  if (req.method !== 'POST') return false;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json')) return false;
  if (needModel) return true;
  return provider !== 'anthropic' && provider !== 'google' && /\/(?:chat\/)?completions$/.test(path);
}
