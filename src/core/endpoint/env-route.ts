// GET /v1/env: the environment a command runs with. Without a selection it holds every default key
// and every custom key the token may read; `providers=a,b` and repeatable `key=provider[:name][@hub]`
// choose instead, each key resolved, scope-checked and audited as GET /v1/keys/:provider does. A
// key with its own base URL brings its base-URL variable (OPENAI_BASE_URL, ...). The answer is all or
// nothing: one refused key fails the request, and then no read of it is recorded as served.
import { baseUrlEnvFor, envNamesFor, type ProviderId } from '#shared/providers.js';
import { isUsableKeyValue, type KeySummary } from '#shared/schemas/keys.js';
import { EndpointError } from './responses.js';
import { parseProvider, readableKeys, serveKey, type RouteContext, type ServedKey } from './routes.js';
import type { ServedRead } from './usage-recorder.js';

/** A stored key whose value no program could take (stored before values were checked). */
export interface SkippedKey {
  provider: string;
  name: string;
  hub: string;
}

export interface Environment {
  env: Record<string, string>;
  /** Present only when a key was left out; its value is never included. */
  skipped?: SkippedKey[];
}

/** One `key=` selection, as written ("openai:work@Team") and as understood. */
export interface KeySelection {
  spec: string;
  provider: ProviderId;
  name: string;
  hub: string | null;
}

const SPEC_FORM = 'provider[:name][@hub], for example openai:work@Team';

/**
 * Parses provider[:name][@hub]. The name runs to the last "@", so a key whose name holds an "@"
 * is chosen with its hub spelled out ("openai:me@home@Personal"). A spec that does not parse is not
 * echoed back: it may be a key pasted in the wrong place.
 */
export function parseKeySelection(raw: string): KeySelection {
  const spec = raw.trim();
  const at = spec.lastIndexOf('@');
  const head = at >= 0 ? spec.slice(0, at) : spec;
  const hub = at >= 0 ? spec.slice(at + 1).trim() : null;
  const colon = head.indexOf(':');
  const providerPart = (colon >= 0 ? head.slice(0, colon) : head).trim();
  const name = colon >= 0 ? head.slice(colon + 1).trim() : 'default';
  let provider: ProviderId;
  try {
    provider = parseProvider(providerPart);
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    throw new EndpointError('invalid_request', `${error.message} A key is chosen as ${SPEC_FORM}.`);
  }
  if (name === '' || hub === '') {
    throw new EndpointError('invalid_request', `A key is chosen as ${SPEC_FORM}.`);
  }
  return { spec, provider, name, hub };
}

/** The environment under construction; `owners` remembers which key set each name. */
interface Builder {
  env: Record<string, string>;
  skipped: SkippedKey[];
  owners: Map<string, { keyId: string; label: string }>;
}

/**
 * Every environment name of the requested providers and keys (default: every default and custom key
 * the token may read) -> key, plus each key's base-URL variable when it has its own base URL.
 */
export function environment(
  ctx: RouteContext,
  providersParam: string | null,
  keyParams: readonly string[],
): Environment {
  // Served reads wait for the answer: a request that fails part-way hands out no key.
  const served: ServedRead[] = [];
  const held: RouteContext = {
    ...ctx,
    usage: { add: (read) => (read.result === 'ok' ? served.push(read) : ctx.usage.add(read)) },
  };
  const result: Builder = { env: {}, skipped: [], owners: new Map() };
  if (providersParam === null && keyParams.length === 0) everyDefault(held, result);
  else {
    for (const raw of (providersParam ?? '').split(',').filter((p) => p.trim() !== '')) {
      const provider = parseProvider(raw.trim());
      if (provider === 'custom') {
        // One key per name, the first hub's, as in the default selection.
        const firstByName = new Map<string, KeySummary>();
        for (const key of readableKeys(held, 'custom'))
          if (!firstByName.has(key.name)) firstByName.set(key.name, key);
        for (const key of firstByName.values()) {
          addEnv(result, serveKey(held, 'custom', key.name, key.hubId), labelOf);
        }
      } else {
        addEnv(result, serveKey(held, provider, 'default', null), labelOf);
      }
    }
    for (const raw of keyParams) {
      const { spec, provider, name, hub } = parseKeySelection(raw);
      let key: ServedKey;
      try {
        key = serveKey(held, provider, name, hub);
      } catch (error) {
        if (!(error instanceof EndpointError)) throw error;
        throw new EndpointError(error.code, `Key "${spec}": ${error.message}`, error.headers);
      }
      addEnv(result, key, () => spec);
    }
  }
  for (const read of served) ctx.usage.add(read);
  return result.skipped.length > 0 ? { env: result.env, skipped: result.skipped } : { env: result.env };
}

function everyDefault(ctx: RouteContext, result: Builder): void {
  const seen = new Set<string>();
  for (const key of readableKeys(ctx)) {
    const slot = key.provider === 'custom' ? `custom:${key.name}` : key.provider;
    if ((key.provider !== 'custom' && key.name !== 'default') || seen.has(slot)) continue;
    seen.add(slot);
    addEnv(result, serveKey(ctx, key.provider, key.name, key.hubId), null);
  }
}

const labelOf = ({ key }: ServedKey) => `${key.provider}:${key.name}@${key.hubName}`;

/**
 * Adds one served key under each of its names. With `label` (a chosen selection), two different keys
 * that would set the same name are refused, naming both, rather than one silently winning.
 */
function addEnv(result: Builder, served: ServedKey, label: ((served: ServedKey) => string) | null): void {
  const { key, secret } = served;
  if (!isUsableKeyValue(secret)) {
    result.skipped.push({ provider: key.provider, name: key.name, hub: key.hubName });
    return;
  }
  const baseUrlEnv = key.baseUrl === null ? null : baseUrlEnvFor(key.provider, key.name);
  const values: [string, string][] = envNamesFor(key.provider, key.name).map((name) => [name, secret]);
  if (baseUrlEnv !== null && key.baseUrl !== null) values.push([baseUrlEnv, key.baseUrl]);
  for (const [name, value] of values) {
    if (label !== null) {
      const owner = result.owners.get(name);
      if (owner !== undefined && owner.keyId !== key.id) {
        throw new EndpointError(
          'invalid_request',
          `Key "${owner.label}" and key "${label(served)}" would both set ${name}. Choose one of them.`,
        );
      }
      result.owners.set(name, { keyId: key.id, label: label(served) });
    }
    result.env[name] = value;
  }
}
