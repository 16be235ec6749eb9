// Talks to the running wallet: finds it through AIKEY_URL or endpoint.json in the data directory,
// authenticates with the token from AIKEY_TOKEN or --token-file (never argv), and turns endpoint
// errors into exit codes. The token travels only in the Authorization header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '#core/vault/paths.js';
import { CliError, EXIT, exitForEndpointCode } from './exit-codes.js';
import { loopbackGet } from './loopback-http.js';

export interface ClientOptions {
  tokenFile?: string | undefined;
  url?: string | undefined;
}

/**
 * The running wallet's URL from endpoint.json. Only `url` is read (the check below holds it to
 * loopback http), so the fetch commands load neither zod nor the wallet to find it.
 */
function discoveredUrl(): string | undefined {
  try {
    const found = JSON.parse(readFileSync(join(defaultDataDir(), 'endpoint.json'), 'utf8')) as {
      url?: unknown;
    };
    return typeof found.url === 'string' ? found.url : undefined;
  } catch {
    return undefined;
  }
}

export function endpointUrl(options: ClientOptions): string {
  // An empty AIKEY_URL counts as unset, as shells often export empty variables.
  const url = options.url || process.env.AIKEY_URL || discoveredUrl();
  if (!url) {
    throw new CliError(
      EXIT.notRunning,
      'NotRunning',
      'The wallet is not running (no endpoint.json found). Start the desktop app or run `aikey serve`.',
    );
  }
  const bad = () =>
    new CliError(EXIT.usage, 'BadUrl', 'AIKEY_URL must be an http:// address on the loopback interface.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad();
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) || parsed.protocol !== 'http:')
    throw bad();
  return parsed.origin;
}

/** Tokens are short printable ASCII; anything else cannot be one and cannot travel in a header. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,512}$/;

export function accessToken(options: ClientOptions): string {
  let token: string | undefined;
  if (options.tokenFile) {
    try {
      token = readFileSync(options.tokenFile, 'utf8').trim();
    } catch {
      throw new CliError(EXIT.usage, 'TokenFile', 'The token file could not be read.');
    }
  } else {
    token = process.env.AIKEY_TOKEN?.trim();
  }
  if (!token) {
    throw new CliError(EXIT.badToken, 'NoToken', 'No access token: set AIKEY_TOKEN or pass --token-file.');
  }
  if (!TOKEN_SHAPE.test(token)) {
    throw new CliError(
      EXIT.badToken,
      'BadToken',
      'That is not an access token: tokens are printable ASCII without spaces (aik_…).',
    );
  }
  return token;
}

export function endpointGet<T>(options: ClientOptions, path: string, withToken = true): Promise<T> {
  const base = endpointUrl(options);
  const headers: Record<string, string> = { 'User-Agent': 'aikey-cli' };
  if (withToken) headers.Authorization = `Bearer ${accessToken(options)}`;
  return loopbackGet(new URL(base), path, headers, 5_000).then(
    (answer) => {
      let json: unknown;
      try {
        json = JSON.parse(answer.body);
      } catch {
        // Node's HTTP parser refuses a request it cannot read (an oversize URL or header) itself,
        // without a JSON body: that is our bad input, not the wallet's failure.
        if (answer.status >= 400 && answer.status < 500) {
          throw new CliError(
            EXIT.usage,
            'BadRequest',
            `The wallet refused the request as malformed (HTTP ${answer.status}); a value is too long or not valid.`,
          );
        }
        throw new CliError(EXIT.failure, 'BadResponse', `The wallet at ${base} sent an unreadable answer.`);
      }
      if (answer.status === 200) return json as T;
      const error = (json as { error?: { code?: string; message?: string } }).error;
      throw new CliError(
        exitForEndpointCode(error?.code),
        error?.code ?? 'http_error',
        error?.message ?? `HTTP ${answer.status}`,
      );
    },
    () => {
      throw new CliError(
        EXIT.notRunning,
        'NotRunning',
        `The wallet is not answering at ${base}. Start the desktop app or run \`aikey serve\`.`,
      );
    },
  );
}
