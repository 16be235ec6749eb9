// Turns aikey:// references into key values through the running wallet, before any command starts.
// The distinct references go in one GET /v1/resolve (all or nothing, scope-checked and audited as
// `aikey get` is); a wallet older than that route gets one GET /v1/keys/:provider per reference.
// A failure names where the reference came from (a variable, a template line) and why; no value is
// ever part of a message.
import { isUsableKeyValue, KEY_VALUE_RULE } from '#shared/key-value.js';
import { formatReference, parseReference, type KeyReference } from '#shared/key-reference.js';
import { isAikeyError } from '#shared/errors.js';
import { endpointGet, type ClientOptions } from './client.js';
import { CliError, EXIT, exitForEndpointCode } from './exit-codes.js';

/** One reference to resolve and the place a user would look for it ("OPENAI_API_KEY", "line 3"). */
export interface ReferenceUse {
  where: string;
  text: string;
}

/** Requests in flight at once: enough to hide loopback latency, few enough not to crowd the wallet. */
const PARALLEL = 8;

/** Failures that are about the wallet or the token, not one reference: said once, not per variable. */
const WALLET_WIDE: readonly number[] = [EXIT.notRunning, EXIT.locked, EXIT.badToken];

/** Parses every use first, so a typo is reported before the wallet is asked for anything. */
export function parseUses(uses: readonly ReferenceUse[]): Map<string, KeyReference> {
  const parsed = new Map<string, KeyReference>();
  const problems: string[] = [];
  for (const use of uses) {
    try {
      parsed.set(use.text, parseReference(use.text));
    } catch (error) {
      if (!isAikeyError(error)) throw error;
      problems.push(`${use.where}: ${error.message}`);
    }
  }
  if (problems.length > 0) throw new CliError(EXIT.usage, 'InvalidReference', problems.join(' '));
  return parsed;
}

/** What each reference came to: its value, or why not. */
type Outcomes = Map<string, string | CliError>;

const unusable = () =>
  new CliError(
    EXIT.failure,
    'UnusableKey',
    `the stored value is not ${KEY_VALUE_RULE}; replace it in the wallet.`,
  );

interface Resolution {
  keys: { index: number; key: string }[];
  refused: { index: number; code: string; message: string }[];
}

/**
 * Batches of references small enough for one request: at most 50, and a request line well under
 * the endpoint's 8 KiB header limit.
 */
function batches(texts: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const text of texts) {
    const size = encodeURIComponent(text).length + 5;
    if (current.length > 0 && (current.length === 50 || length + size > 4000)) {
      out.push(current);
      current = [];
      length = 0;
    }
    current.push(text);
    length += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** GET /v1/resolve: every reference of a batch in one request. */
async function viaResolveRoute(options: ClientOptions, texts: readonly string[]): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  for (const batch of batches(texts)) {
    const query = new URLSearchParams(batch.map((text): [string, string] => ['ref', text]));
    const answer = await endpointGet<Resolution>(options, `/v1/resolve?${query.toString()}`);
    for (const { index, key } of answer.keys)
      outcomes.set(batch[index]!, isUsableKeyValue(key) ? key : unusable());
    for (const { index, code, message } of answer.refused)
      outcomes.set(batch[index]!, new CliError(exitForEndpointCode(code), code, message));
  }
  return outcomes;
}

/** A wallet older than /v1/resolve: one GET /v1/keys/:provider per reference, a few at a time. */
async function viaKeyRoute(
  options: ClientOptions,
  parsed: ReadonlyMap<string, KeyReference>,
): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  const texts = [...parsed.keys()];
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const text = texts[next++]!;
      const reference = parsed.get(text)!;
      const query = new URLSearchParams({ name: reference.name });
      if (reference.hub !== null) query.set('hub', reference.hub);
      try {
        const { key } = await endpointGet<{ key: string }>(
          options,
          `/v1/keys/${reference.provider}?${query.toString()}`,
        );
        outcomes.set(text, isUsableKeyValue(key) ? key : unusable());
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        outcomes.set(text, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, texts.length) }, worker));
  return outcomes;
}

/**
 * Resolves every use; returns reference text -> value. All or nothing: when any reference fails,
 * the error lists each failing use (its place and reason) and carries the first one's exit code.
 */
export async function resolveReferences(
  options: ClientOptions,
  uses: readonly ReferenceUse[],
): Promise<Map<string, string>> {
  const parsed = parseUses(uses);
  const texts = [...parsed.keys()];
  const named = (error: CliError) => {
    const more = uses.length > 1 ? ` (and ${uses.length - 1} more)` : '';
    return new CliError(
      error.exitCode,
      error.code,
      `Cannot resolve ${uses[0]!.where}${more}: ${error.message}`,
    );
  };
  let outcomes: Outcomes;
  try {
    outcomes = await viaResolveRoute(options, texts);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.code !== 'not_found') throw named(error);
    outcomes = await viaKeyRoute(options, parsed);
  }
  const values = new Map<string, string>();
  for (const [text, outcome] of outcomes) if (typeof outcome === 'string') values.set(text, outcome);
  const failed = uses.filter((use) => outcomes.get(use.text) instanceof CliError);
  if (failed.length === 0) return values;
  const errorOf = (use: ReferenceUse) => outcomes.get(use.text) as CliError;
  const first = errorOf(failed[0]!);
  if (WALLET_WIDE.includes(first.exitCode)) {
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : '';
    throw new CliError(
      first.exitCode,
      first.code,
      `Cannot resolve ${failed[0]!.where}${more}: ${first.message}`,
    );
  }
  const lines = failed.map(
    (use) => `${use.where} (${formatReference(parsed.get(use.text)!)}): ${errorOf(use).message}`,
  );
  throw new CliError(first.exitCode, first.code, lines.join(' '));
}
