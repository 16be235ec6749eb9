// SECURITY.md's endpoint rules hold on /proxy: every check passes before a byte is forwarded, the
// real key appears in no answer, header or audit entry, and bodies are capped before they are read.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type EndpointOptions, type RunningEndpoint } from '#core/endpoint/server.js';
import { STRONG_PASSWORD, SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import { errorCode, rawGet } from '../../helpers/http.js';
import { startMockProvider, type MockProvider } from '../../helpers/mock-provider.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

async function setup(options: Partial<EndpointOptions> = {}) {
  const mock: MockProvider = await startMockProvider({ chunkDelayMs: 20 });
  running.push(mock);
  const wallet = await unlockedWallet();
  const endpoint: RunningEndpoint = await startEndpoint({
    wallet,
    dataDir: wallet.vault.paths.dir,
    port: 0,
    ...options,
  });
  running.push(endpoint);
  wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai, baseUrl: `${mock.url}/v1` });
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic, baseUrl: mock.url });
  const { token } = wallet.tokens.create({ name: 'agent' });
  return { wallet, endpoint, port: endpoint.port, mock, token };
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Raw bytes to the endpoint; resolves with everything it answered before closing. */
function rawExchange(port: number, head: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body);
    });
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('close', () => resolve(reply));
    socket.on('error', () => resolve(reply));
  });
}

describe('broker: the endpoint checks come first', () => {
  it('Host, Origin, token, lock, scope: each refused before anything reaches the provider', async () => {
    const { port, mock, token, wallet } = await setup();
    const path = '/proxy/openai/models';
    const badHost = await rawGet(port, path, { ...auth(token), Host: 'evil.example' });
    expect([badHost.status, errorCode(badHost)]).toEqual([403, 'bad_host']);
    const origin = await rawGet(port, path, { ...auth(token), Origin: 'null' });
    expect([origin.status, errorCode(origin)]).toEqual([403, 'origin_forbidden']);
    for (const headers of [
      {} as Record<string, string>,
      auth('aik_nope'),
      auth(SAMPLE_KEYS.openai),
      { 'x-api-key': 'aik_x' },
    ]) {
      const res = await rawGet(port, path, headers);
      expect([res.status, errorCode(res)]).toEqual([401, 'unauthorized']);
    }
    const anthropicOnly = wallet.tokens.create({ name: 'a', scope: { providers: ['anthropic'] } }).token;
    const scoped = await rawGet(port, path, auth(anthropicOnly));
    expect([scoped.status, errorCode(scoped)]).toEqual([403, 'out_of_scope']);
    const workOnly = wallet.tokens.create({ name: 'w', scope: { keyNames: ['work'] } }).token;
    expect((await rawGet(port, path, auth(workOnly))).status).toBe(403);
    const header = await rawGet(port, path, { ...auth(token), 'x-aikey-key': 'other' });
    expect([header.status, errorCode(header)]).toEqual([404, 'key_not_found']);
    wallet.vault.lock();
    const locked = await rawGet(port, path, auth(token));
    expect([locked.status, errorCode(locked)]).toEqual([423, 'vault_locked']);
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(mock.seen).toEqual([]);
    expect((await rawGet(port, path, auth(token))).status).toBe(200);
  });

  it('answers guessing with 429 and Retry-After while a valid token still passes', async () => {
    const { port, token } = await setup({ maxAuthFailures: 3 });
    let last = await rawGet(port, '/proxy/openai/models', auth('aik_guess'));
    for (let i = 0; i < 5; i += 1) last = await rawGet(port, '/proxy/openai/models', auth(`aik_guess${i}`));
    expect([last.status, errorCode(last)]).toEqual([429, 'rate_limited']);
    expect(last.headers['retry-after']).toMatch(/^\d+$/);
    expect((await rawGet(port, '/proxy/openai/models', auth(token))).status).toBe(200);
  });

  it('Anthropic-shaped errors for Anthropic callers', async () => {
    const { port } = await setup();
    const res = await rawGet(port, '/proxy/anthropic/v1/messages', { 'x-api-key': 'wrong' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ type: 'error', error: { type: 'unauthorized' } });
  });
});

describe('broker: the real key stays in the wallet', () => {
  it('never appears in an answer, a response header or the audit log', async () => {
    const { port, token, wallet, endpoint } = await setup();
    const answers = [
      await rawGet(port, '/proxy/openai/models', auth(token)),
      await rawGet(port, '/proxy/openai/nowhere', auth(token)),
      await rawGet(port, '/proxy/openai/redirect-away', auth(token)),
      await rawGet(
        port,
        '/proxy/anthropic/v1/messages',
        { 'x-api-key': token },
        { method: 'POST', body: '{}' },
      ),
    ];
    for (const res of answers) {
      expect(JSON.stringify(res.headers) + res.body).not.toContain(SAMPLE_KEYS.openai);
      expect(JSON.stringify(res.headers) + res.body).not.toContain(SAMPLE_KEYS.anthropic);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    await endpoint.close();
    running.splice(running.indexOf(endpoint), 1);
    const audit = JSON.stringify(wallet.audit.list({ limit: 100 }));
    expect(audit).toContain('via the broker');
    expect(audit).not.toContain(SAMPLE_KEYS.openai);
    expect(audit).not.toContain(token);
  });
});

describe('broker: limits', () => {
  it('a declared body over the cap gets 413 and the connection closes without the body being read', async () => {
    const { port, token, mock } = await setup({ broker: { maxBodyBytes: 1024 } });
    const head =
      `POST /proxy/openai/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n`;
    const reply = await rawExchange(port, head, 'x'.repeat(2048));
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
    expect(reply).toContain('payload_too_large');
    expect(mock.seen).toEqual([]);
  });

  it('a chunked body that streams past the cap gets 413', async () => {
    const { port, token } = await setup({ broker: { maxBodyBytes: 1024 } });
    for (const type of ['application/json', 'application/octet-stream']) {
      const head =
        `POST /proxy/openai/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const chunk = `800\r\n${'y'.repeat(0x800)}\r\n`;
      const reply = await rawExchange(port, head, chunk.repeat(4));
      expect(reply).toMatch(/^HTTP\/1\.1 413/);
    }
  });

  it('a client that disconnects mid-stream aborts the upstream call', async () => {
    const { port, token, mock } = await setup();
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        const body = JSON.stringify({ model: 'c', stream: true });
        socket.write(
          `POST /proxy/anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-api-key: ${token}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      });
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
    });
    await expect.poll(() => mock.aborted, { timeout: 5000 }).toBe(1);
  });

  it('an upstream that never answers ends in 504', async () => {
    const { port, token } = await setup({ broker: { upstreamTimeoutMs: 200 } });
    const res = await rawGet(port, '/proxy/openai/hang', auth(token));
    expect([res.status, errorCode(res)]).toEqual([504, 'upstream_timeout']);
  });
});
