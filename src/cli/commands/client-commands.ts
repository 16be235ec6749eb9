// Commands that fetch keys from the running wallet: get, env, exec and status.
import { KEY_VALUE_RULE } from '#shared/key-value.js';
import { endpointGet, endpointUrl, type ClientOptions } from '../client.js';
import type { MaskingMode } from '../child-runner.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatTime, printJson, printLine } from '../output.js';
import { paint } from '../style.js';

export async function getCommand(
  options: ClientOptions,
  provider: string,
  name?: string,
  hub?: string,
  json = false,
): Promise<void> {
  const query = new URLSearchParams();
  if (name) query.set('name', name);
  if (hub) query.set('hub', hub);
  const qs = query.size > 0 ? `?${query.toString()}` : '';
  const result = await endpointGet<{
    provider: string;
    name: string;
    hub: string;
    key: string;
    baseUrl: string | null;
    expiresAt: string | null;
  }>(options, `/v1/keys/${encodeURIComponent(provider)}${qs}`);
  if (json) {
    const { provider: p, name: n, hub: h, key, baseUrl, expiresAt } = result;
    printJson({ provider: p, name: n, hub: h, key, baseUrl, expiresAt });
  } else process.stdout.write(`${result.key}\n`);
}

interface EnvAnswer {
  env: Record<string, string>;
  skipped?: { provider: string; name: string; hub: string }[];
}

/**
 * The environment of the chosen providers and keys (none chosen: every default key the token may
 * read); a stored value no program could take is left out, said once.
 */
async function fetchEnv(
  options: ClientOptions,
  providers: string[],
  keys: string[],
): Promise<Record<string, string>> {
  const query = new URLSearchParams();
  if (providers.length > 0) query.set('providers', providers.join(','));
  for (const key of keys) query.append('key', key);
  const qs = query.size > 0 ? `?${query.toString()}` : '';
  const answer = await endpointGet<EnvAnswer>(options, `/v1/env${qs}`);
  for (const key of answer.skipped ?? []) {
    process.stderr.write(
      `aikey: skipped the ${key.provider} key "${key.name}" (${key.hub}): its stored value is not ${KEY_VALUE_RULE}. Replace it in the wallet.\n`,
    );
  }
  return answer.env;
}

const shQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const dotenvQuote = (value: string) => (/^[A-Za-z0-9_./+=:@-]*$/.test(value) ? value : JSON.stringify(value));

export async function envCommand(
  options: ClientOptions,
  providers: string[],
  keys: string[],
  format: string,
): Promise<void> {
  if (!['sh', 'dotenv', 'json'].includes(format))
    throw new CliError(EXIT.usage, 'Usage', '--format must be sh, dotenv or json.');
  const env = await fetchEnv(options, providers, keys);
  if (format === 'json') printJson(env);
  else if (format === 'dotenv') for (const [k, v] of Object.entries(env)) printLine(`${k}=${dotenvQuote(v)}`);
  else for (const [k, v] of Object.entries(env)) printLine(`export ${k}=${shQuote(v)}`);
}

/** What only aikey itself may see: the child gets the keys it was given, not the means to fetch more. */
const WALLET_VARIABLES = ['AIKEY_TOKEN', 'AIKEY_URL'];

export function childEnvironment(
  parent: NodeJS.ProcessEnv,
  keys: Record<string, string>,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...parent, ...keys };
  for (const name of WALLET_VARIABLES) delete env[name];
  return env;
}

/** What `exec` takes besides its key selection; --no-masking and --mask set `masking`. */
export interface ExecSettings {
  masking?: MaskingMode;
  /** --broker: no key reaches the child, only session tokens for the wallet's /proxy. */
  broker?: boolean;
}

/** Variables of an environment whose whole value is an aikey:// reference (exec and run). */
export function referencesIn(env: Record<string, string | undefined>): { where: string; text: string }[] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[1]?.startsWith('aikey://') === true)
    .map(([where, text]) => ({ where, text }));
}

/** Base URLs are not secrets: they stay readable in the output. */
const secretsOf = (env: Record<string, string>) =>
  Object.entries(env)
    .filter(([name]) => !name.endsWith('_BASE_URL'))
    .map(([, value]) => value);

/**
 * Runs a command with the keys in its environment: the chosen providers and keys (none chosen and
 * no references: every default key), and every variable of aikey's own environment whose value is
 * an aikey:// reference, resolved (a reference wins over a chosen key setting the same variable).
 * Passes stdin, forwards signals, masks the injected keys in output that is not a terminal, and
 * returns the command's exit code.
 */
export async function execCommand(
  options: ClientOptions,
  providers: string[],
  keys: string[],
  command: string[],
  settings: ExecSettings = {},
): Promise<number> {
  // --broker: the child gets session tokens and /proxy base URLs, never a key (broker-exec.ts).
  if (settings.broker)
    return (await import('./broker-exec.js')).brokerExec(options, providers, keys, command, {
      masking: settings.masking ?? 'auto',
    });
  if (!command[0])
    throw new CliError(
      EXIT.usage,
      'Usage',
      'Usage: aikey exec [--provider P]... [--key P[:NAME][@HUB]]... [--no-masking|--mask] -- command [args...]',
    );
  const uses = referencesIn(process.env);
  let resolved: Record<string, string> = {};
  if (uses.length > 0) {
    // Loaded only when there is a reference: exec without one starts as fast as before.
    const { resolveReferences } = await import('../reference-resolver.js');
    const values = await resolveReferences(options, uses);
    resolved = Object.fromEntries(uses.map((use) => [use.where, values.get(use.text)!]));
  }
  const chosen = providers.length > 0 || keys.length > 0;
  const fetched = chosen || uses.length === 0 ? await fetchEnv(options, providers, keys) : {};
  const env = { ...fetched, ...resolved };
  // The child runner (cross-spawn, child_process, the masker) loads only for exec, not get/env/status.
  const { runChild } = await import('../child-runner.js');
  return runChild({
    command,
    env: childEnvironment(process.env, env),
    secrets: [...secretsOf(fetched), ...Object.values(resolved)],
    masking: settings.masking ?? 'auto',
  });
}

interface WhoAmI {
  name?: string;
  scope?: { hubs: string[] | null; providers: string[] | null; keyNames: string[] | null };
  expiresAt?: string | null;
  error?: string;
}

/** The token in words: its name, what it may read, when it expires (with the zone). */
function describeToken(whoami: WhoAmI): string {
  if (whoami.error) return `not accepted (${whoami.error})`;
  const scope = whoami.scope;
  const reads = [
    scope?.providers ? scope.providers.join(', ') : 'every provider',
    scope?.keyNames ? `keys ${scope.keyNames.join(', ')}` : null,
    scope?.hubs ? `hubs ${scope.hubs.join(', ')}` : null,
  ].filter((part) => part !== null);
  const expires = whoami.expiresAt ? `expires ${formatTime(Date.parse(whoami.expiresAt))}` : 'never expires';
  return `${whoami.name ?? '?'} (${reads.join('; ')}; ${expires})`;
}

export async function statusCommand(options: ClientOptions, json: boolean): Promise<void> {
  const url = endpointUrl(options);
  const health = await endpointGet<{
    status: string;
    locked: boolean;
    version: string;
    pid: number;
    runner: string;
  }>(options, '/health', false);
  let whoami: WhoAmI | null = null;
  if (process.env.AIKEY_TOKEN || options.tokenFile) {
    whoami = await endpointGet<WhoAmI>(options, '/v1/whoami').catch((error: unknown) =>
      error instanceof CliError ? { error: error.code } : null,
    );
  }
  if (json) printJson({ url, ...health, token: whoami });
  else {
    const runner = health.runner === 'serve' ? 'aikey serve' : 'the desktop app';
    printLine(`Wallet: running at ${url} (${runner}, pid ${health.pid}, version ${health.version})`);
    printLine(
      `Vault:  ${health.locked ? paint(process.stdout, 'yellow', 'locked') : paint(process.stdout, 'green', 'unlocked')}`,
    );
    if (whoami) printLine(`Token:  ${describeToken(whoami)}`);
  }
}
