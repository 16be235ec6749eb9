// Black-box tests of the loopback endpoint on a real server on a free port.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { OTHER_PROCESS_WINDOW_MS } from '#core/db/change-watch.js';
import { isAikeyError } from '#shared/errors.js';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import { bearer, errorCode, rawGet } from '../../helpers/http.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

async function setup(options: { now?: () => number; maxAuthFailures?: number } = {}) {
  const wallet = await unlockedWallet(options.now ? { now: options.now } : {});
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0, ...options });
  running.push(endpoint);
  const anthropic = wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  wallet.keys.create({ provider: 'google', secret: SAMPLE_KEYS.google });
  const all = wallet.tokens.create({ name: 'all' });
  return { wallet, endpoint, port: endpoint.port, anthropic, token: all.token, tokenId: all.summary.id };
}

function noCors(headers: Record<string, unknown>): void {
  expect(Object.keys(headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
}

describe('loopback endpoint: the checks, in order', () => {
  it('answers /health without a token', async () => {
    const { port, wallet } = await setup();
    const res = await rawGet(port, '/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: 'ok',
      locked: false,
      version: '0.1.0',
      pid: process.pid,
      runner: 'desktop',
    });
    wallet.vault.lock();
    expect((await rawGet(port, '/health')).json).toMatchObject({ locked: true });
  });

  it('refuses a foreign Host (DNS rebinding) with 403 bad_host, even with a valid token', async () => {
    const { port, token } = await setup();
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const res = await rawGet(port, '/v1/keys/anthropic', { Host: host, ...bearer(token) });
      expect([res.status, errorCode(res)]).toEqual([403, 'bad_host']);
      noCors(res.headers);
    }
    // HTTP/1.0 allows leaving the Host header out entirely: that is refused too.
    const hostless = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.end(`GET /v1/whoami HTTP/1.0\r\nAuthorization: Bearer ${token}\r\n\r\n`),
      );
      let reply = '';
      socket.on('data', (chunk) => (reply += chunk.toString()));
      socket.on('end', () => resolve(reply));
    });
    expect(hostless).toMatch(/^HTTP\/1\.1 403/);
    expect(hostless).toContain('"bad_host"');
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawGet(port, '/v1/keys/anthropic', { Host: host, ...bearer(token) })).status).toBe(200);
    }
  });

  it('refuses any Origin, "null" included, with 403 origin_forbidden', async () => {
    const { port, token } = await setup();
    for (const origin of ['null', 'https://evil.example', `http://127.0.0.1:${port}`]) {
      const res = await rawGet(port, '/v1/keys/anthropic', { Origin: origin, ...bearer(token) });
      expect([res.status, errorCode(res)]).toEqual([403, 'origin_forbidden']);
      noCors(res.headers);
    }
  });

  it('401 for a missing, malformed or unknown token, with WWW-Authenticate: Bearer', async () => {
    const { port, token } = await setup();
    for (const headers of [
      {},
      { Authorization: 'Basic abc' },
      bearer('aik_nope'),
      bearer(`${token.slice(0, -2)}xx`),
    ]) {
      const res = await rawGet(port, '/v1/keys/anthropic', headers);
      expect([res.status, errorCode(res)]).toEqual([401, 'unauthorized']);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    // A token in the query string is never read.
    expect((await rawGet(port, `/v1/keys/anthropic?token=${token}`)).status).toBe(401);
  });

  it('401 token_expired for an expired token', async () => {
    let now = Date.now();
    const { port, wallet } = await setup({ now: () => now });
    const { token } = wallet.tokens.create({ name: 'brief', expiresAt: now + 60_000 });
    expect((await rawGet(port, '/v1/keys/anthropic', bearer(token))).status).toBe(200);
    now += 60_000;
    const res = await rawGet(port, '/v1/keys/anthropic', bearer(token));
    expect([res.status, errorCode(res)]).toEqual([401, 'token_expired']);
  });

  it('423 vault_locked when locked (after the token check), never a hang', async () => {
    const { port, wallet, token } = await setup();
    wallet.vault.lock();
    const res = await rawGet(port, '/v1/keys/anthropic', bearer(token));
    expect([res.status, errorCode(res)]).toEqual([423, 'vault_locked']);
    expect((await rawGet(port, '/v1/keys/anthropic', bearer('aik_bad'))).status).toBe(401);
  });

  it('403 out_of_scope for each scope dimension, 404 key_not_found for a missing key', async () => {
    const { port, wallet } = await setup();
    const personal = wallet.vault.session().personalHubId;
    const onlyAnthropic = wallet.tokens.create({ name: 'a', scope: { providers: ['anthropic'] } }).token;
    const onlyWork = wallet.tokens.create({ name: 'w', scope: { keyNames: ['work'] } }).token;
    const otherHub = wallet.tokens.create({ name: 'h', scope: { hubs: ['not-personal'] } }).token;
    const personalOnly = wallet.tokens.create({ name: 'p', scope: { hubs: [personal] } }).token;
    const cases: [string, string, number, string | undefined][] = [
      [onlyAnthropic, '/v1/keys/google', 403, 'out_of_scope'],
      [onlyAnthropic, '/v1/keys/anthropic', 200, undefined],
      [onlyWork, '/v1/keys/anthropic', 403, 'out_of_scope'],
      [otherHub, '/v1/keys/anthropic?hub=Personal', 403, 'out_of_scope'],
      [otherHub, '/v1/keys/anthropic', 404, 'key_not_found'],
      [personalOnly, '/v1/keys/anthropic?hub=personal', 200, undefined],
      [personalOnly, '/v1/keys/openai', 404, 'key_not_found'],
      [personalOnly, '/v1/keys/anthropic?name=other', 404, 'key_not_found'],
      [personalOnly, '/v1/keys/not-a-provider', 400, 'invalid_request'],
      [personalOnly, '/v1/nothing-here', 404, 'not_found'],
    ];
    for (const [token, path, status, code] of cases) {
      const res = await rawGet(port, path, bearer(token));
      expect([path, res.status, errorCode(res)]).toEqual([path, status, code]);
    }
  });

  it('429 with Retry-After under brute force, while a valid token keeps working', async () => {
    const { port, token } = await setup({ maxAuthFailures: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1)
      statuses.push((await rawGet(port, '/v1/whoami', bearer(`aik_guess${i}`))).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await rawGet(port, '/v1/whoami', bearer('aik_guess-again'));
    expect([limited.status, errorCode(limited)]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await rawGet(port, '/v1/keys/anthropic', bearer(token))).status).toBe(200);
  });

  it('refuses other methods and request bodies', async () => {
    const { port, token } = await setup();
    const post = await rawGet(port, '/v1/keys/anthropic', bearer(token), { method: 'POST' });
    expect([post.status, errorCode(post)]).toEqual([405, 'method_not_allowed']);
    const withBody = await rawGet(
      port,
      '/v1/keys/anthropic',
      { ...bearer(token), 'Content-Length': '5' },
      { body: 'hello' },
    );
    expect(withBody.status).toBe(413);
  });

  it('is not reachable on a non-loopback address of this machine', async () => {
    const { port } = await setup();
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
    if (!external) {
      console.log('skipped the non-loopback probe: this machine has no non-loopback IPv4 address');
      return;
    }
    await expect(rawGet(port, '/health', {}, { host: external })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});

describe('loopback endpoint: routes', () => {
  it('serves a key with its metadata, cv-git exactly {"key"}, env names, whoami and a masked list', async () => {
    const { port, token } = await setup();
    const key = await rawGet(port, '/v1/keys/anthropic', { ...bearer(token), 'User-Agent': 'cv-git/1.0' });
    expect(key.json).toEqual({
      provider: 'anthropic',
      name: 'default',
      hub: 'Personal',
      key: SAMPLE_KEYS.anthropic,
      baseUrl: null,
      expiresAt: null,
      envNames: ['ANTHROPIC_API_KEY', 'CV_ANTHROPIC_KEY'],
    });
    const cv = await rawGet(port, '/api/keys/provider/anthropic', bearer(token));
    expect(cv.body).toBe(JSON.stringify({ key: SAMPLE_KEYS.anthropic }));
    const env = await rawGet(port, '/v1/env?providers=anthropic,google', bearer(token));
    expect(env.json).toEqual({
      env: {
        ANTHROPIC_API_KEY: SAMPLE_KEYS.anthropic,
        CV_ANTHROPIC_KEY: SAMPLE_KEYS.anthropic,
        GEMINI_API_KEY: SAMPLE_KEYS.google,
        GOOGLE_API_KEY: SAMPLE_KEYS.google,
        GOOGLE_GENERATIVE_AI_API_KEY: SAMPLE_KEYS.google,
      },
    });
    const whoami = await rawGet(port, '/v1/whoami', bearer(token));
    expect(whoami.json).toMatchObject({ name: 'all', scope: { providers: null }, expiresAt: null });
    const list = await rawGet(port, '/v1/keys', bearer(token));
    expect(list.body).not.toContain(SAMPLE_KEYS.anthropic);
    expect((list.json as { keys: unknown[] }).keys).toHaveLength(2);
  });

  it('records usage and an audit entry per read (token, key, result, User-Agent) without the key', async () => {
    const { port, token, wallet, anthropic } = await setup();
    await rawGet(port, '/v1/keys/anthropic', { ...bearer(token), 'User-Agent': 'cv-git/1.0' });
    await rawGet(port, '/api/keys/provider/anthropic', bearer(token));
    await rawGet(port, '/v1/keys/openai', bearer(token));
    wallet.vault.lock(); // flushes the batch first
    await wallet.vault.unlock('correct horse battery staple 42!');
    expect(wallet.keys.get(anthropic.id)).toMatchObject({ usageCount: 2 });
    const reads = wallet.audit.list({ action: 'key.read' }).entries;
    expect(reads.map((e) => [e.actorName, e.provider, e.result])).toEqual([
      ['all', 'openai', 'denied'],
      ['all', 'anthropic', 'ok'],
      ['all', 'anthropic', 'ok'],
    ]);
    expect(reads[2]?.detail).toBe('User-Agent: cv-git/1.0');
    expect(JSON.stringify(wallet.audit.list({ limit: 500 }))).not.toContain(SAMPLE_KEYS.anthropic);
    expect(wallet.tokens.list().find((t) => t.name === 'all')?.useCount).toBe(2);
  });

  it('honours regenerate and revoke at once, and keys and tokens made by another process', async () => {
    const { port, wallet, tokenId, token } = await setup();
    const next = wallet.tokens.regenerate(tokenId).token;
    expect((await rawGet(port, '/v1/whoami', bearer(token))).status).toBe(401);
    expect((await rawGet(port, '/v1/whoami', bearer(next))).status).toBe(200);
    wallet.tokens.revoke(tokenId);
    expect((await rawGet(port, '/v1/whoami', bearer(next))).status).toBe(401);
    // Another process (the CLI) adds a key and a token: simulated by a second wallet on the same files.
    const { createWallet } = await import('#core/wallet.js');
    const { KDF_FLOOR } = await import('#core/crypto/kdf.js');
    const cli = createWallet({ dataDir: wallet.vault.paths.dir, kdf: KDF_FLOOR });
    await cli.vault.unlock('correct horse battery staple 42!');
    cli.keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq });
    const fresh = cli.tokens.create({ name: 'from-cli' }).token;
    cli.close();
    const res = await rawGet(port, '/v1/keys/groq', bearer(fresh));
    expect((res.json as { key: string }).key).toBe(SAMPLE_KEYS.groq);
  });
});

describe('loopback endpoint: changes by another process apply at once', () => {
  it('a token revoked, or a key deleted or rotated, by another connection is honoured on the next request', async () => {
    const { port, wallet, token, tokenId } = await setup();
    const { createWallet } = await import('#core/wallet.js');
    const { KDF_FLOOR } = await import('#core/crypto/kdf.js');
    const other = createWallet({ dataDir: wallet.vault.paths.dir, kdf: KDF_FLOOR });
    await other.vault.unlock('correct horse battery staple 42!');
    try {
      // Warm whatever the endpoint keeps between requests.
      for (let i = 0; i < 3; i += 1)
        expect((await rawGet(port, '/v1/keys/anthropic', bearer(token))).status).toBe(200);
      const [anthropic] = other.keys.list({ provider: 'anthropic' });
      other.keys.update({ id: anthropic!.id, secret: `${SAMPLE_KEYS.anthropic}R` });
      const rotated = await rawGet(port, '/v1/keys/anthropic', bearer(token));
      expect((rotated.json as { key: string }).key).toBe(`${SAMPLE_KEYS.anthropic}R`);
      other.keys.remove(anthropic!.id);
      expect((await rawGet(port, '/v1/keys/anthropic', bearer(token))).status).toBe(404);
      other.tokens.revoke(tokenId);
      expect((await rawGet(port, '/v1/keys/google', bearer(token))).status).toBe(401);
    } finally {
      other.close();
    }
  });
});

describe('loopback endpoint: a change committed by another process', () => {
  it('a token revoked outside this process stops working for requests 1 ms after the commit', async () => {
    const { port, wallet, token } = await setup();
    expect((await rawGet(port, '/v1/whoami', bearer(token))).status).toBe(200);
    // A connection this process does not track, as the CLI's in its own process is not.
    const outside = new Database(wallet.tokens.file);
    try {
      outside.prepare('UPDATE access_tokens SET revoked_at = ?').run(Date.now());
      await new Promise((resolve) => setTimeout(resolve, OTHER_PROCESS_WINDOW_MS + 2));
      expect((await rawGet(port, '/v1/whoami', bearer(token))).status).toBe(401);
    } finally {
      outside.close();
    }
  });
});

describe('loopback endpoint: discovery', () => {
  it('publishes endpoint.json (0600) and removes it on close', async () => {
    const { endpoint, wallet } = await setup();
    const file = join(wallet.vault.paths.dir, 'endpoint.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ url: endpoint.url, pid: process.pid });
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await running.pop()?.close();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses to start when another live wallet process serves, naming its pid; and on a taken port', async () => {
    const { wallet, port } = await setup();
    const dir = wallet.vault.paths.dir;
    const other = spawn('sleep', ['30']);
    try {
      const otherDir = join(dir, '..', 'other');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(otherDir);
      writeFileSync(
        join(otherDir, 'endpoint.json'),
        JSON.stringify({ url: 'http://127.0.0.1:1', pid: other.pid, version: '1' }),
      );
      try {
        await startEndpoint({ wallet, dataDir: otherDir, port: 0 });
        throw new Error('started');
      } catch (error) {
        expect(isAikeyError(error, 'EndpointInUse')).toBe(true);
        expect((error as Error).message).toContain(`pid ${other.pid}`);
      }
      try {
        await startEndpoint({ wallet, dataDir: join(dir, '..'), port });
        throw new Error('started');
      } catch (error) {
        expect(isAikeyError(error, 'EndpointInUse')).toBe(true);
        expect((error as Error).message).toContain(String(port));
      }
    } finally {
      other.kill();
    }
  });
});
