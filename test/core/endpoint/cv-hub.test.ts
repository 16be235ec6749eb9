// cv-hub's key-wallet routes on the real endpoint: which key GET /api/keys/provider/:provider serves
// when there is no "default" key, its 404 for an unknown provider, and the masked GET /api/keys list.
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import type { Wallet } from '#core/wallet.js';
import { bearer, errorCode, rawGet } from '../../helpers/http.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, unlockedWallet } from '../../helpers/temp-wallet.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const HOUR = 3_600_000;
/** Distinct, valid OpenAI keys, so each answer says which key was served. */
const openaiKey = (tag: string) => `sk-proj-${tag.padEnd(24, 'x')}${'Q9z0'}`;

async function setup(options: { maxAuthFailures?: number } = {}) {
  let clock = Date.UTC(2030, 0, 1);
  const now = () => clock;
  const wallet = await unlockedWallet({ now });
  const endpoint = await startEndpoint({
    wallet,
    dataDir: wallet.vault.paths.dir,
    port: 0,
    now,
    ...options,
  });
  running.push(endpoint);
  const { token } = wallet.tokens.create({ name: 'cv' });
  return {
    wallet,
    port: endpoint.port,
    token,
    now,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** Adds an OpenAI key at the current clock; its value names it. */
function addOpenai(wallet: Wallet, name: string, extra: { expiresAt?: number; baseUrl?: string } = {}) {
  return wallet.keys.create({ provider: 'openai', name, secret: openaiKey(name), ...extra });
}

/** Usage is written in batches shortly after a read; wait until the key shows the read. */
async function usageWritten(wallet: Wallet, id: string, count: number): Promise<void> {
  for (let i = 0; i < 100 && wallet.keys.get(id).usageCount < count; i += 1)
    await new Promise((r) => setTimeout(r, 20));
  expect(wallet.keys.get(id).usageCount).toBe(count);
}

const cvKey = async (port: number, token: string, provider = 'openai') => {
  const res = await rawGet(port, `/api/keys/provider/${provider}`, bearer(token));
  return res.status === 200 ? (res.json as { key: string }).key : `${res.status} ${errorCode(res)}`;
};

describe('GET /api/keys/provider/:provider chooses the key cv-hub would', () => {
  it('default wins; else the most recently used live, unexpired key; else the newest; never an expired or deleted one', async () => {
    const { wallet, port, token, now, advance } = await setup();
    const old = addOpenai(wallet, 'old');
    advance(HOUR);
    addOpenai(wallet, 'newer');
    advance(HOUR);
    const expired = addOpenai(wallet, 'expired', { expiresAt: now() + HOUR });
    advance(HOUR);
    const deleted = addOpenai(wallet, 'deleted');
    wallet.keys.remove(deleted.id);
    advance(2 * HOUR); // "expired" has now expired; "deleted" is the newest key, but deleted

    // Nothing used yet: the newest live, unexpired key.
    expect(await cvKey(port, token)).toBe(openaiKey('newer'));

    // "old" is read (by name, on the /v1 route): now it is the most recently used.
    advance(HOUR);
    expect((await rawGet(port, '/v1/keys/openai?name=old', bearer(token))).status).toBe(200);
    await usageWritten(wallet, old.id, 1);
    expect(await cvKey(port, token)).toBe(openaiKey('old'));

    // A read makes the expired key the most recently used: still never served.
    advance(HOUR);
    expect((await rawGet(port, '/v1/keys/openai?name=expired', bearer(token))).status).toBe(200);
    await usageWritten(wallet, expired.id, 1);
    expect(await cvKey(port, token)).toBe(openaiKey('old'));

    // A key named "default" wins although it was never used.
    advance(HOUR);
    const byDefault = addOpenai(wallet, 'default');
    expect(await cvKey(port, token)).toBe(openaiKey('default'));

    // ... unless it has expired: then the fallback order applies again.
    wallet.keys.update({ id: byDefault.id, expiresAt: now() - 1 });
    expect(await cvKey(port, token)).toBe(openaiKey('old'));

    // With every key expired or deleted there is nothing to serve.
    for (const key of wallet.keys.list({ provider: 'openai' })) wallet.keys.remove(key.id);
    expect(await cvKey(port, token)).toBe('404 key_not_found');
  });

  it('chooses only among keys the token may read, and records each read as /v1/keys does', async () => {
    const { wallet, port, advance } = await setup();
    addOpenai(wallet, 'default');
    advance(HOUR);
    addOpenai(wallet, 'work');
    const workOnly = wallet.tokens.create({ name: 'work-only', scope: { keyNames: ['work'] } }).token;
    const anthropicOnly = wallet.tokens.create({ name: 'a', scope: { providers: ['anthropic'] } }).token;
    const otherHub = wallet.tokens.create({ name: 'h', scope: { hubs: ['not-personal'] } }).token;
    expect(await cvKey(port, workOnly)).toBe(openaiKey('work'));
    advance(1_000);
    expect(await cvKey(port, anthropicOnly)).toBe('403 out_of_scope');
    advance(1_000);
    expect(await cvKey(port, otherHub)).toBe('404 key_not_found');

    wallet.vault.lock(); // flushes the batch
    await wallet.vault.unlock(STRONG_PASSWORD);
    const reads = wallet.audit.list({ action: 'key.read' }).entries;
    expect(reads.map((e) => [e.actorName, e.keyName, e.result]).reverse()).toEqual([
      ['work-only', 'work', 'ok'],
      ['a', 'default', 'denied'],
      ['h', 'default', 'denied'],
    ]);
  });

  it('an unknown provider is 404 not_found with the JSON error shape (the /v1 routes keep 400)', async () => {
    const { wallet, port, token } = await setup();
    addOpenai(wallet, 'default');
    for (const provider of ['acme', 'open%20ai', 'openai-compatible']) {
      const res = await rawGet(port, `/api/keys/provider/${provider}`, bearer(token));
      expect([provider, res.status, errorCode(res)]).toEqual([provider, 404, 'not_found']);
      const { error } = res.json as { error: Record<string, string> };
      expect(Object.keys(error)).toEqual(['code', 'message']);
      expect(error.message).toMatch(/^No such provider\. Known providers: openai, /);
    }
    const v1 = await rawGet(port, '/v1/keys/acme', bearer(token));
    expect([v1.status, errorCode(v1)]).toEqual([400, 'invalid_request']);
    // Case and percent-encoding of a known provider are accepted as on /v1.
    expect(await cvKey(port, token, 'OpenAI')).toBe(openaiKey('default'));
    expect(await cvKey(port, token, '%6Fpenai')).toBe(openaiKey('default'));
  });
});

describe("GET /api/keys: cv-hub's key list", () => {
  it("lists the token's keys in cv-hub's shape, newest first, masked, with ISO times or null", async () => {
    const { wallet, port, token, now, advance } = await setup();
    const created = now();
    const anthropic = wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    advance(HOUR);
    const work = addOpenai(wallet, 'work', {
      baseUrl: 'https://gateway.example/v1',
      expiresAt: now() + HOUR,
    });
    advance(HOUR);
    const gone = addOpenai(wallet, 'gone');
    wallet.keys.remove(gone.id);
    advance(2 * HOUR); // "work" has expired

    const res = await rawGet(port, '/api/keys', bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json).toEqual({
      keys: [
        {
          id: work.id,
          provider: 'openai',
          name: 'work',
          keyHint: 'sk-proj-…Q9z0',
          customEndpoint: 'https://gateway.example/v1',
          isActive: false,
          expiresAt: new Date(created + 2 * HOUR).toISOString(),
          lastUsedAt: null,
          usageCount: 0,
          createdAt: new Date(created + HOUR).toISOString(),
          updatedAt: new Date(created + HOUR).toISOString(),
        },
        {
          id: anthropic.id,
          provider: 'anthropic',
          name: 'default',
          keyHint: 'sk-ant-api03-…a1B2',
          customEndpoint: null,
          isActive: true,
          expiresAt: null,
          lastUsedAt: null,
          usageCount: 0,
          createdAt: new Date(created).toISOString(),
          updatedAt: new Date(created).toISOString(),
        },
      ],
    });
    expect(res.body).not.toContain(SAMPLE_KEYS.anthropic);
    expect(res.body).not.toContain(openaiKey('work'));

    // A use shows as lastUsedAt and usageCount.
    expect((await rawGet(port, '/v1/keys/anthropic', bearer(token))).status).toBe(200);
    await usageWritten(wallet, anthropic.id, 1);
    const after = (await rawGet(port, '/api/keys', bearer(token))).json as {
      keys: { id: string; lastUsedAt: string | null; usageCount: number }[];
    };
    expect(after.keys.find((k) => k.id === anthropic.id)).toMatchObject({
      lastUsedAt: new Date(now()).toISOString(),
      usageCount: 1,
    });
  });

  it('shows only the keys the token may read, and is not a key read: no audit entry, no use counted', async () => {
    const { wallet, port } = await setup();
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    addOpenai(wallet, 'default');
    addOpenai(wallet, 'work');
    const listed = async (scope: Parameters<Wallet['tokens']['create']>[0]['scope']) => {
      const { token } = wallet.tokens.create({ name: `t${Math.random()}`, scope });
      const res = await rawGet(port, '/api/keys', bearer(token));
      return (res.json as { keys: { provider: string; name: string }[] }).keys
        .map((k) => `${k.provider}:${k.name}`)
        .sort();
    };
    expect(await listed({ providers: ['openai'] })).toEqual(['openai:default', 'openai:work']);
    expect(await listed({ keyNames: ['work'] })).toEqual(['openai:work']);
    expect(await listed({ hubs: ['not-personal'] })).toEqual([]);
    expect(await listed(undefined)).toEqual(['anthropic:default', 'openai:default', 'openai:work']);

    wallet.vault.lock();
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(wallet.audit.list({ action: 'key.read' }).entries).toEqual([]);
    expect(wallet.keys.list().map((k) => k.usageCount)).toEqual([0, 0, 0]);
  });

  it('passes every guard the key routes pass: Host, Origin, token, lock, rate limit', async () => {
    const { wallet, port, token, now, advance } = await setup({ maxAuthFailures: 3 });
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    const answer = async (headers: Record<string, string>) => {
      const res = await rawGet(port, '/api/keys', headers);
      expect(res.body).not.toContain(SAMPLE_KEYS.anthropic);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      return `${res.status} ${errorCode(res) ?? ''}`.trim();
    };
    expect(await answer({ Host: 'evil.example', ...bearer(token) })).toBe('403 bad_host');
    expect(await answer({ Origin: 'null', ...bearer(token) })).toBe('403 origin_forbidden');
    expect(await answer({})).toBe('401 unauthorized');
    const brief = wallet.tokens.create({ name: 'brief', expiresAt: now() + 1_000 }).token;
    advance(1_000);
    expect(await answer(bearer(brief))).toBe('401 token_expired');
    wallet.vault.lock();
    expect(await answer(bearer(token))).toBe('423 vault_locked');
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(await answer(bearer('aik_guess'))).toBe('401 unauthorized');
    expect(await answer(bearer('aik_guess-again'))).toBe('429 rate_limited');
    expect(await answer(bearer(token))).toBe('200');
  });
});
