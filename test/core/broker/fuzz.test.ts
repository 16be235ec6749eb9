// /proxy under fuzzing over raw sockets: random provider segments, paths, queries, methods, Host,
// Authorization and extra headers. The broker must never answer 5xx (the mock provider is up), never
// send a CORS header, never leak a key, and never let a request reach the provider unless the Host
// was allowed, no Origin was sent and the token was valid; the provider never sees the aikey token.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import { startMockProvider, type MockProvider } from '../../helpers/mock-provider.js';
import {
  authorization,
  buildRequest,
  extraHeader,
  hostChoice,
  method,
  type AuthChoice,
} from '../endpoint/fuzz-requests.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const PLANTED = [SAMPLE_KEYS.openai, SAMPLE_KEYS.anthropic, SAMPLE_KEYS.google];

function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Written, not half-closed: a client that half-closes has its request aborted by Node's server
    // before an answer that takes a round trip upstream could be sent. Connection: close ends it.
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`No answer to ${JSON.stringify(request.slice(0, 200))}`));
    }, 5_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

const providerSegment = fc.constantFrom(
  'openai',
  'anthropic',
  'google',
  'OPENAI',
  'openai:default',
  'openai:missing',
  'custom:x',
  'acme',
  '%6fpenai',
  '%E0',
  '',
  'openai:',
);
const rest = fc.oneof(
  fc.constantFrom(
    '/models',
    '/chat/completions',
    '/v1/messages',
    '/../v1/keys',
    '/%2e%2e/x',
    '//x',
    '',
    '?key=x',
  ),
  fc
    .array(fc.stringMatching(/^[A-Za-z0-9%._~:@!$&'()*+,;=-]{0,12}$/), { maxLength: 4 })
    .map((s) => `/${s.join('/')}`),
);

describe('/proxy under fuzzing', () => {
  it('answers every request below 500, without CORS headers or keys, and forwards only what passed', async () => {
    const mock: MockProvider = await startMockProvider();
    running.push(mock);
    const wallet = await unlockedWallet();
    const endpoint: RunningEndpoint = await startEndpoint({
      wallet,
      dataDir: wallet.vault.paths.dir,
      port: 0,
      maxAuthFailures: 1_000_000,
    });
    running.push(endpoint);
    wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai, baseUrl: `${mock.url}/v1` });
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic, baseUrl: mock.url });
    wallet.keys.create({ provider: 'google', secret: SAMPLE_KEYS.google, baseUrl: mock.url });
    const { token } = wallet.tokens.create({ name: 'all' });
    const port = endpoint.port;

    await fc.assert(
      fc.asyncProperty(
        method,
        providerSegment,
        rest,
        fc.oneof({ weight: 3, arbitrary: fc.constant('valid') }, hostChoice),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant<AuthChoice>({ kind: 'valid', format: (t) => `Bearer ${t}` }) },
          authorization,
        ),
        // Bodies are covered by security.test.ts; a declared body never sent would only wait for the timeout.
        fc.array(
          extraHeader.filter(([name]) => name !== 'Content-Length' && name !== 'Transfer-Encoding'),
          { maxLength: 3 },
        ),
        async (verb, provider, tail, host, auth, extra) => {
          const before = mock.seen.length;
          const request = buildRequest(port, token, {
            method: verb,
            target: `/proxy/${provider}${tail}`,
            host,
            auth,
            extra,
          });
          const reply = await exchange(port, request.text);
          const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
          expect(status, reply.slice(0, 300)).toBeGreaterThan(0);
          expect(status, reply.slice(0, 300)).toBeLessThan(500);
          expect(reply.toLowerCase()).not.toContain('access-control-');
          for (const key of PLANTED) expect(reply).not.toContain(key);
          if (mock.seen.length > before) {
            expect(request.hostAllowed && !request.hasOrigin && request.sentValidToken).toBe(true);
            expect(JSON.stringify(mock.seen.slice(before))).not.toContain(token);
          }
        },
      ),
      { seed: 47_821, numRuns: 200, endOnFailure: true },
    );
    // The property means something only if some requests did pass every check.
    expect(mock.seen.length).toBeGreaterThan(20);
  });
});
