// GET /v1/resolve?ref=aikey://...&ref=...: many aikey:// references in one request, for `aikey run`,
// `inject` and `exec`, which must know every key before their command starts. Each reference is
// resolved, scope-checked and audited exactly as GET /v1/keys/:provider?name=&hub= does. The answer
// is all or nothing: when any reference is refused, no key is returned and no read is recorded as
// served, and `refused` lists every refusal (by its position, so a reference that does not parse,
// perhaps a key pasted in the wrong place, is never echoed back).
import { isAikeyError } from '#shared/errors.js';
import { parseReference, type KeyReference } from '#shared/key-reference.js';
import { EndpointError, type EndpointErrorCode } from './responses.js';
import { serveKey, type RouteContext, type ServedKey } from './routes.js';
import type { ServedRead } from './usage-recorder.js';

/** References per request; the request line must also stay under the 8 KiB header limit. */
export const MAX_REFERENCES = 50;

export interface ResolvedReference {
  /** The reference's position among the `ref` parameters, from 0. */
  index: number;
  provider: string;
  name: string;
  /** The name of the hub the key was found in. */
  hub: string;
  key: string;
}

export interface RefusedReference {
  index: number;
  code: EndpointErrorCode;
  message: string;
}

export interface Resolution {
  keys: ResolvedReference[];
  refused: RefusedReference[];
}

export function resolution(ctx: RouteContext, refs: readonly string[]): Resolution {
  if (refs.length === 0 || refs.length > MAX_REFERENCES) {
    throw new EndpointError(
      'invalid_request',
      `Give 1 to ${MAX_REFERENCES} references as ref=aikey://[hub/]provider[/name].`,
    );
  }
  // Served reads wait for the answer: a request that fails part-way hands out no key.
  const served: ServedRead[] = [];
  const held: RouteContext = {
    ...ctx,
    usage: { add: (read) => (read.result === 'ok' ? served.push(read) : ctx.usage.add(read)) },
  };
  // The same reference twice is read (and audited) once.
  const outcomes = new Map<string, ServedKey | { code: EndpointErrorCode; message: string }>();
  const keys: ResolvedReference[] = [];
  const refused: RefusedReference[] = [];
  refs.forEach((text, index) => {
    let outcome = outcomes.get(text);
    if (outcome === undefined) {
      outcome = serveReference(held, text);
      outcomes.set(text, outcome);
    }
    if ('code' in outcome) refused.push({ index, ...outcome });
    else {
      const { key, secret } = outcome;
      keys.push({ index, provider: key.provider, name: key.name, hub: key.hubName, key: secret });
    }
  });
  if (refused.length > 0) return { keys: [], refused };
  for (const read of served) ctx.usage.add(read);
  return { keys, refused: [] };
}

function serveReference(
  ctx: RouteContext,
  text: string,
): ServedKey | { code: EndpointErrorCode; message: string } {
  let reference: KeyReference;
  try {
    reference = parseReference(text);
  } catch (error) {
    if (!isAikeyError(error)) throw error;
    return { code: 'invalid_request', message: error.message };
  }
  try {
    return serveKey(ctx, reference.provider, reference.name, reference.hub);
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    return { code: error.code, message: error.message };
  }
}
