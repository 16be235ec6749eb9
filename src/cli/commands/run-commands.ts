// `aikey run --env-file .env [--env-file ...] -- cmd`: a project's .env files hold aikey:// references
// instead of keys; run loads them (dotenv's parser), resolves every reference through the running
// wallet with the caller's token, and runs the command with the result. Nothing starts unless every
// reference resolved. The child never sees AIKEY_TOKEN or AIKEY_URL, and the keys it was given are
// masked in output that is not a terminal, exactly as with `exec`.
// Register `-f` beside `--env-file`: Node.js 22 itself acts on a `--env-file` argument even after
// the script name and exits 9 ("node: FILE: not found") when the file is missing (nodejs/node#54232).
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'dotenv';
import { runChild, type MaskingMode } from '../child-runner.js';
import { type ClientOptions } from '../client.js';
import { CliError, EXIT } from '../exit-codes.js';
import { quoted } from '../output.js';
import { parseReference } from '#shared/key-reference.js';
import { resolveReferences } from '../reference-resolver.js';
import { childEnvironment, referencesIn } from './client-commands.js';

export interface RunOptions {
  /** Loaded in order; a later file's value wins over an earlier one's. */
  envFiles: readonly string[];
  /** File values win over the process environment (dotenvx's --overload); otherwise they do not. */
  overload: boolean;
  masking: MaskingMode;
  command: readonly string[];
  /**
   * --broker: each referenced key reaches the command as a session token for the wallet's /proxy,
   * with its provider's base-URL variable pointing there; no key value is fetched at all.
   */
  broker?: boolean;
}

/** An env file is text a person edits; anything this large is a mistake (or not an env file). */
const MAX_ENV_FILE = 1024 * 1024;

export const RUN_USAGE =
  'Usage: aikey run [-f|--env-file FILE]... [--overload] [--no-masking|--mask] -- command [args...]';

function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    if (statSync(path).size > MAX_ENV_FILE)
      throw new CliError(EXIT.usage, 'EnvFile', `The env file ${quoted(path)} is larger than 1 MiB.`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT.usage, 'EnvFile', `The env file ${quoted(path)} could not be read.`);
  }
  return parse(text);
}

/**
 * The environment the command gets, before references are resolved: the process environment as the
 * base, the files merged in order over each other, and over the base only with `overload`.
 */
export function mergedEnvironment(
  base: NodeJS.ProcessEnv,
  files: readonly Record<string, string>[],
  overload: boolean,
): Record<string, string | undefined> {
  const fromFiles: Record<string, string> = Object.assign({}, ...files) as Record<string, string>;
  return overload ? { ...base, ...fromFiles } : { ...fromFiles, ...base };
}

export async function runCommand(client: ClientOptions, options: RunOptions): Promise<number> {
  if (!options.command[0]) throw new CliError(EXIT.usage, 'Usage', RUN_USAGE);
  const env = mergedEnvironment(process.env, options.envFiles.map(readEnvFile), options.overload);
  const uses = referencesIn(env);
  if (options.broker) return brokerRun(client, options, env, uses);
  const values = uses.length > 0 ? await resolveReferences(client, uses) : new Map<string, string>();
  const resolved = Object.fromEntries(uses.map((use) => [use.where, values.get(use.text)!]));
  return runChild({
    command: options.command,
    env: childEnvironment(env, resolved),
    secrets: [...values.values()],
    masking: options.masking,
  });
}

/** `run --broker`: a session for the referenced keys; each referencing variable gets its token. */
async function brokerRun(
  client: ClientOptions,
  options: RunOptions,
  env: Record<string, string | undefined>,
  uses: { where: string; text: string }[],
): Promise<number> {
  if (uses.length === 0) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      'aikey run --broker needs aikey:// references in the env files (or the environment) to know which keys to broker.',
    );
  }
  const selectors = uses.map((use) => {
    let reference;
    try {
      reference = parseReference(use.text);
    } catch (error) {
      throw new CliError(EXIT.usage, 'Usage', `${use.where}: ${(error as Error).message}`);
    }
    return `${reference.provider}:${reference.name}${reference.hub === null ? '' : `@${reference.hub}`}`;
  });
  const { brokerExec } = await import('./broker-exec.js');
  // The referencing variables are dropped here: brokerEnvironment sets every name each key is read
  // from (the referencing one included) to the session token.
  const base = Object.fromEntries(
    Object.entries(env).filter(([name]) => !uses.some((u) => u.where === name)),
  );
  return brokerExec(client, [], [...new Set(selectors)], [...options.command], {
    masking: options.masking,
    env: base,
  });
}
