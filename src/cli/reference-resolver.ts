// Turns aikey:// references into key values through the running wallet, before any command starts.
// Each distinct reference is one GET /v1/keys/:provider?name=&hub= with the caller's token, so every
// read is scope-checked and audited exactly as `aikey get` is. A failure names where the reference
// came from (a variable, a template line) and why; no value is ever part of a message.
import { isUsableKeyValue, KEY_VALUE_RULE } from '#shared/key-value.js';
import { formatReference, parseReference, type KeyReference } from '#shared/key-reference.js';
import { isAikeyError } from '#shared/errors.js';
import { endpointGet, type ClientOptions } from './client.js';
import { CliError, EXIT } from './exit-codes.js';

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

async function fetchKey(options: ClientOptions, reference: KeyReference): Promise<string> {
  const query = new URLSearchParams({ name: reference.name });
  if (reference.hub !== null) query.set('hub', reference.hub);
  const answer = await endpointGet<{ key: string }>(
    options,
    `/v1/keys/${reference.provider}?${query.toString()}`,
  );
  return answer.key;
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
  const values = new Map<string, string>();
  const failures = new Map<string, CliError>();
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const text = texts[next++]!;
      const reference = parsed.get(text)!;
      try {
        const value = await fetchKey(options, reference);
        if (!isUsableKeyValue(value))
          throw new CliError(
            EXIT.failure,
            'UnusableKey',
            `the stored value is not ${KEY_VALUE_RULE}; replace it in the wallet.`,
          );
        values.set(text, value);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        failures.set(text, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, texts.length) }, worker));
  if (failures.size === 0) return values;

  const failed = uses.filter((use) => failures.has(use.text));
  const first = failures.get(failed[0]!.text)!;
  if (WALLET_WIDE.includes(first.exitCode)) {
    const names = failed.map((use) => use.where);
    const more = names.length > 1 ? ` (and ${names.length - 1} more)` : '';
    throw new CliError(first.exitCode, first.code, `Cannot resolve ${names[0]}${more}: ${first.message}`);
  }
  const lines = failed.map((use) => {
    const error = failures.get(use.text)!;
    return `${use.where} (${formatReference(parsed.get(use.text)!)}): ${error.message}`;
  });
  throw new CliError(first.exitCode, first.code, lines.join(' '));
}
