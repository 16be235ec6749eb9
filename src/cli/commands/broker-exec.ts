// `aikey exec --broker -- cmd`: runs cmd with no real key anywhere in its reach. The wallet mints a
// session token for this run (scoped like our token, or narrower with --key); the child gets each
// provider's base-URL variable pointing at the wallet's /proxy route and that session token in each
// key variable, so its SDK talks to the wallet, which adds the real key upstream. Our own token
// (AIKEY_TOKEN) is not passed on. The session is revoked when the child exits, and dies with this
// process if it is killed (the wallet watches our pid), so a token copied out of the child's
// environment stops working when the run ends.
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { constants } from 'node:os';
import spawn from 'cross-spawn';
import { ORIGIN_FORM_ENV } from '#shared/broker-env.js';
import { baseUrlEnvFor, envNamesFor, isProviderId, type ProviderId } from '#shared/providers.js';
import { accessToken, endpointUrl, type ClientOptions } from '../client.js';
import { CliError, EXIT, exitForEndpointCode } from '../exit-codes.js';
import { quoted } from '../output.js';

interface SessionRoute {
  provider: string;
  name: string;
  hub: string;
  path: string;
}

export interface BrokerSession {
  id: string;
  token: string;
  expiresAt: string | null;
  routes: SessionRoute[];
}

/** One request to the wallet with our token; the answer's status and parsed JSON (or null). */
function walletRequest(
  base: string,
  method: 'POST' | 'DELETE',
  path: string,
  token: string,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method, headers: { Authorization: `Bearer ${token}`, 'User-Agent': 'aikey-cli' }, timeout: 5_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = body === '' ? null : JSON.parse(body);
          } catch {
            // Not JSON: the status says enough.
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export async function mintSession(options: ClientOptions, keys: string[]): Promise<BrokerSession> {
  const base = endpointUrl(options);
  const token = accessToken(options);
  const query = new URLSearchParams({ pid: String(process.pid) });
  for (const key of keys) query.append('key', key);
  let answer;
  try {
    answer = await walletRequest(base, 'POST', `/v1/broker/sessions?${query.toString()}`, token);
  } catch {
    throw new CliError(
      EXIT.notRunning,
      'NotRunning',
      `The wallet is not answering at ${base}. Start the desktop app or run \`aikey serve\`.`,
    );
  }
  if (answer.status !== 201) {
    const error = (answer.json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new CliError(
      exitForEndpointCode(error?.code),
      error?.code ?? 'http_error',
      error?.message ?? `HTTP ${answer.status}`,
    );
  }
  return answer.json as BrokerSession;
}

export async function revokeSession(options: ClientOptions, id: string): Promise<void> {
  const base = endpointUrl(options);
  // Best effort: if the wallet is gone, so is the session (it lives in the wallet's memory).
  await walletRequest(
    base,
    'DELETE',
    `/v1/broker/sessions/${encodeURIComponent(id)}`,
    accessToken(options),
  ).catch(() => undefined);
}

/**
 * The child's provider variables: for each key the session reaches, its base-URL variable (the
 * /proxy route, in the form that provider's SDK reads) and every key variable (the session token).
 */
export function brokerEnvironment(base: string, session: BrokerSession): Record<string, string> {
  const env: Record<string, string> = {};
  for (const route of session.routes) {
    if (!isProviderId(route.provider)) continue;
    const provider: ProviderId = route.provider;
    for (const name of envNamesFor(provider, route.name)) env[name] = session.token;
    const baseUrlEnv = baseUrlEnvFor(provider, route.name);
    if (baseUrlEnv !== null) env[baseUrlEnv] = `${base}${route.path}`;
    const originEnv = ORIGIN_FORM_ENV[provider];
    if (originEnv) env[originEnv] = `${base}${route.path.replace(/^\/proxy\//, '/proxy-origin/')}`;
  }
  return env;
}

/** What only aikey may see: the child gets a session token, never the means to fetch keys. */
const WALLET_VARIABLES = ['AIKEY_TOKEN', 'AIKEY_URL'];

/** Runs a command through the broker; passes stdio, forwards signals, returns its exit code. */
export async function brokerExec(
  options: ClientOptions,
  providers: string[],
  keys: string[],
  command: string[],
): Promise<number> {
  const [file, ...args] = command;
  if (!file) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      'Usage: aikey exec --broker [--key P[:NAME][@HUB]]... -- command [args...]',
    );
  }
  const base = endpointUrl(options);
  const session = await mintSession(options, [...providers, ...keys]);
  const env: Record<string, string | undefined> = { ...process.env, ...brokerEnvironment(base, session) };
  for (const name of WALLET_VARIABLES) delete env[name];
  try {
    return await runChild(file, args, env);
  } finally {
    await revokeSession(options, session.id);
  }
}

function runChild(file: string, args: string[], env: Record<string, string | undefined>): Promise<number> {
  // Handlers go in before the spawn, so a signal between the two is passed on, not fatal to us.
  let child: ChildProcess | null = null;
  const early: NodeJS.Signals[] = [];
  const forward = (signal: NodeJS.Signals) => () => {
    if (child) child.kill(signal);
    else early.push(signal);
  };
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const).map(
    (s) => [s, forward(s)] as const,
  );
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const spawned = spawn(file, args, { stdio: 'inherit', env });
  child = spawned;
  for (const signal of early) spawned.kill(signal);
  return new Promise<number>((resolve, reject) => {
    spawned.on('error', () => {
      for (const [s, handler] of handlers) process.off(s, handler);
      reject(new CliError(EXIT.usage, 'ExecFailed', `Could not run ${quoted(file)}.`));
    });
    spawned.on('exit', (code, signal) => {
      for (const [s, handler] of handlers) process.off(s, handler);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 1));
    });
  });
}
