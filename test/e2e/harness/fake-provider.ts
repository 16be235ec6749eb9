// A stand-in for the AI providers' APIs on 127.0.0.1, so the Test button's live validation runs end
// to end without the internet. It answers only each provider's validation request from the registry
// (base path + `validation.path`, key in the registry's header): 200 for a key it knows, 429 for a key
// it was told to rate-limit, 401 for any other key. It records whether a key ever arrived in a URL,
// which the wallet must never do. It must never listen on anything but 127.0.0.1.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROVIDER_IDS, PROVIDERS, type ValidationRequest } from '#shared/providers.js';

export interface FakeProviderOptions {
  /** Keys that validate (200). */
  validKeys?: readonly string[];
  /** Keys answered with 429 Too Many Requests. */
  rateLimitedKeys?: readonly string[];
  /** Path prefix the wallet is given in the key's base URL, e.g. "/v1". */
  basePath?: string;
}

export interface ValidationHit {
  path: string;
  status: number;
}

export interface FakeProvider {
  /** The base URL to type into a key's "Base URL" field. */
  baseUrl: string;
  /** Every validation request answered, in order (paths only; keys are never recorded). */
  readonly hits: readonly ValidationHit[];
  /** True once any request carried a known key in its URL. */
  readonly keySeenInUrl: boolean;
  close(): Promise<void>;
}

function presentedKey(req: IncomingMessage, validation: ValidationRequest): string | null {
  const raw = req.headers[validation.authHeader.toLowerCase()];
  if (typeof raw !== 'string') return null;
  if (validation.authScheme === 'raw') return raw;
  const match = /^Bearer (\S+)$/.exec(raw);
  return match?.[1] ?? null;
}

export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const basePath = options.basePath ?? '/v1';
  const valid = new Set(options.validKeys ?? []);
  const limited = new Set(options.rateLimitedKeys ?? []);
  const hits: ValidationHit[] = [];
  let keySeenInUrl = false;
  const byPath = new Map<string, ValidationRequest[]>();
  for (const id of PROVIDER_IDS) {
    const { validation } = PROVIDERS[id];
    const path = `${basePath}${validation.path}`;
    byPath.set(path, [...(byPath.get(path) ?? []), validation]);
  }

  const server = createServer((req, res) => {
    const rawUrl = req.url ?? '/';
    if ([...valid, ...limited].some((key) => rawUrl.includes(key))) keySeenInUrl = true;
    const path = new URL(rawUrl, 'http://127.0.0.1').pathname;
    const candidates = req.method === 'GET' ? (byPath.get(path) ?? []) : [];
    const answer = (status: number, body: unknown): void => {
      hits.push({ path, status });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (candidates.length === 0) {
      answer(404, { error: { message: 'Not a validation path.' } });
      return;
    }
    const keys = candidates.map((v) => presentedKey(req, v)).filter((k): k is string => k !== null);
    if (keys.some((k) => limited.has(k))) answer(429, { error: { message: 'Rate limited.' } });
    else if (keys.some((k) => valid.has(k))) answer(200, { data: [] });
    else answer(401, { error: { message: 'Invalid API key.' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${basePath}`,
    hits,
    get keySeenInUrl() {
      return keySeenInUrl;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
