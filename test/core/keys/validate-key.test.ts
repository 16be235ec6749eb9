// Live validation against a fake provider on 127.0.0.1: each answer maps to the outcome the Test
// button shows, a dead port or a silent server is "no network", and the key travels only in the
// header the provider registry names, never in the URL and never across a redirect.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { validateKey } from '#core/keys/validate-key.js';
import { isAikeyError } from '#shared/errors.js';
import { SAMPLE_KEYS, STRONG_PASSWORD } from '../../helpers/temp-wallet.js';
import { freePort, newDesktop } from '../../desktop/fixtures.js';

interface SeenRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

interface FakeProvider {
  baseUrl: string;
  seen: SeenRequest[];
  /** The status every request gets; 'hang' never answers. */
  answer: number | 'hang';
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function fakeProvider(answer: number | 'hang' = 200): Promise<FakeProvider> {
  const provider: FakeProvider = { baseUrl: '', seen: [], answer };
  const server = createServer((req, res) => {
    provider.seen.push({ url: req.url ?? '', headers: req.headers });
    if (provider.answer === 'hang') return;
    if (provider.answer >= 300 && provider.answer < 400) res.setHeader('Location', '/elsewhere');
    res.writeHead(provider.answer, { 'Content-Type': 'application/json' }).end('{"data":[]}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  provider.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return provider;
}

const openaiAt = (baseUrl: string) => ({ provider: 'openai' as const, secret: SAMPLE_KEYS.openai, baseUrl });

describe('live validation outcomes', () => {
  it.each([
    [200, 'valid', /Valid key/],
    [204, 'valid', /Valid key/],
    [401, 'invalid_key', /Invalid key/],
    [403, 'invalid_key', /Invalid key/],
    [429, 'rate_limited', /Rate limited/],
    [500, 'unexpected', /HTTP 500/],
    [404, 'unexpected', /HTTP 404/],
  ] as const)('HTTP %i -> %s', async (status, outcome, message) => {
    const provider = await fakeProvider(status);
    const result = await validateKey(openaiAt(provider.baseUrl));
    expect(result).toMatchObject({ outcome, status });
    expect(result.message).toMatch(message);
    expect(provider.seen).toHaveLength(1);
  });

  it('is no_network when nothing listens on the port', async () => {
    const port = await freePort();
    const result = await validateKey(openaiAt(`http://127.0.0.1:${port}/v1`));
    expect(result).toMatchObject({ outcome: 'no_network', status: null });
    expect(result.message).toMatch(/No network/);
  });

  it('is no_network when the provider never answers within the timeout', async () => {
    const provider = await fakeProvider('hang');
    const result = await validateKey(openaiAt(provider.baseUrl), { timeoutMs: 300 });
    expect(result.outcome).toBe('no_network');
  });

  it('does not follow a redirect, so the key never reaches a second address', async () => {
    const provider = await fakeProvider(302);
    const result = await validateKey(openaiAt(provider.baseUrl));
    expect(result).toMatchObject({ outcome: 'unexpected', status: 302 });
    expect(provider.seen).toHaveLength(1);
  });
});

describe('where the key goes', () => {
  it('sends an OpenAI-style key only as a bearer token, on the registry path under the base URL', async () => {
    const provider = await fakeProvider(200);
    await validateKey(openaiAt(`${provider.baseUrl}/`));
    const [request] = provider.seen;
    expect(request?.url).toBe('/v1/models');
    expect(request?.headers.authorization).toBe(`Bearer ${SAMPLE_KEYS.openai}`);
    expect(JSON.stringify(request?.url)).not.toContain(SAMPLE_KEYS.openai.slice(-12));
    const elsewhere = Object.entries(request?.headers ?? {}).filter(([name]) => name !== 'authorization');
    expect(JSON.stringify(elsewhere)).not.toContain(SAMPLE_KEYS.openai.slice(-12));
  });

  it('sends an Anthropic key raw in x-api-key with the version header, and no Authorization', async () => {
    const provider = await fakeProvider(200);
    await validateKey({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic, baseUrl: provider.baseUrl });
    const [request] = provider.seen;
    expect(request?.url).toBe('/v1/v1/models');
    expect(request?.headers['x-api-key']).toBe(SAMPLE_KEYS.anthropic);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('refuses a custom key without a base URL, and a key no header can carry', async () => {
    const codes = await Promise.all(
      [
        { provider: 'custom' as const, secret: 'abc', baseUrl: null },
        { provider: 'openai' as const, secret: 'sk-abc\r\nX-Evil: 1', baseUrl: 'http://127.0.0.1:9/v1' },
      ].map((target) =>
        validateKey(target).then(
          () => 'no error',
          (error: unknown) => (isAikeyError(error) ? error.code : String(error)),
        ),
      ),
    );
    expect(codes).toEqual(['InvalidInput', 'InvalidInput']);
  });
});

describe('keys:validate over IPC', () => {
  it('tests a stored key against its own base URL, and an unsaved key from the dialog', async () => {
    const provider = await fakeProvider(401);
    const fetches: string[] = [];
    const desktop = newDesktop({
      fetch: (input, init) => {
        fetches.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
        return fetch(input, init);
      },
    });
    await desktop.call('vault:create', { password: STRONG_PASSWORD });
    const key = await desktop.call('keys:create', {
      provider: 'groq',
      secret: SAMPLE_KEYS.groq,
      baseUrl: provider.baseUrl,
    });
    expect(await desktop.call('keys:validate', { id: key.id })).toMatchObject({
      outcome: 'invalid_key',
      status: 401,
    });
    expect(provider.seen[0]?.headers.authorization).toBe(`Bearer ${SAMPLE_KEYS.groq}`);

    provider.answer = 200;
    const unsaved = await desktop.call('keys:validate', {
      provider: 'custom',
      secret: 'local-llm-key',
      baseUrl: provider.baseUrl,
    });
    expect(unsaved.outcome).toBe('valid');
    expect(fetches).toEqual([`${provider.baseUrl}/models`, `${provider.baseUrl}/models`]);
  });
});
