// The endpoint's bookkeeping off the request path: every read served is counted and audited exactly,
// under concurrent clients, whether a worker thread or this thread writes it; a lock writes what is
// pending before it returns and leaves no key behind; a key changed anywhere is never served stale.
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { UsageRecorder, type ServedRead } from '#core/endpoint/usage-recorder.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import { KeyRows } from '#core/keys/key-rows.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, unlockedWallet } from '../../helpers/temp-wallet.js';
import { bearer, rawGet } from '../../helpers/http.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

async function serving() {
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  const openai = wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
  const anthropic = wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  const reader = wallet.tokens.create({ name: 'reader' });
  const narrow = wallet.tokens.create({ name: 'narrow', scope: { providers: ['anthropic'] } });
  return { wallet, port: endpoint.port, openai, anthropic, reader, narrow };
}

/** Connections this process holds open on a database file (Linux: its descriptors in /proc). */
function openHandles(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

const reads = (wallet: Wallet, result: 'ok' | 'denied') =>
  wallet.audit.list({ action: 'key.read', result, limit: 1 }).total;
const tokenUses = (wallet: Wallet, name: string) =>
  wallet.tokens.list().find((t) => t.name === name)?.useCount ?? 0;

/** `total` requests over `connections` concurrent clients, each waiting for its previous answer. */
async function hammer(port: number, paths: string[], token: string, total: number, connections: number) {
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) {
        const path = paths[next++ % paths.length]!;
        statuses.push((await rawGet(port, path, bearer(token))).status);
      }
    }),
  );
  return statuses;
}

describe('endpoint bookkeeping', () => {
  it('counts and audits every read exactly under 16 concurrent clients, without a lock or another request', async () => {
    const { wallet, port, openai, anthropic, reader, narrow } = await serving();
    const paths = ['/api/keys/provider/openai', '/v1/keys/anthropic', '/v1/keys/openai?name=missing'];
    const statuses = await hammer(port, paths, reader.token, 300, 16);
    const denied = await hammer(port, ['/v1/keys/openai'], narrow.token, 20, 4);
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    expect(statuses.filter((s) => s === 404)).toHaveLength(100);
    expect(denied.every((s) => s === 403)).toBe(true);
    // Written shortly after, by the timer: no lock, close or further request is needed.
    await vi.waitFor(() => expect(reads(wallet, 'ok')).toBe(200), { timeout: 5000, interval: 20 });
    await vi.waitFor(() => expect(reads(wallet, 'denied')).toBe(120), { timeout: 5000, interval: 20 });
    expect(wallet.keys.get(openai.id).usageCount).toBe(100);
    expect(wallet.keys.get(anthropic.id).usageCount).toBe(100);
    expect(tokenUses(wallet, 'reader')).toBe(200);
    expect(tokenUses(wallet, 'narrow')).toBe(0);
    const entries = wallet.audit.list({ action: 'key.read', limit: 500 }).entries;
    expect(JSON.stringify(entries)).not.toContain(SAMPLE_KEYS.openai);
  });

  it('a lock writes every pending read before it returns, ends the worker and wipes the database key', async () => {
    const { wallet, port, openai, reader } = await serving();
    const statuses = await hammer(port, ['/api/keys/provider/openai'], reader.token, 64, 8);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const session = wallet.vault.session();
    const file = wallet.vault.paths.database;
    // The endpoint's own connection and its bookkeeping worker's.
    if (existsSync('/proc/self/fd')) await vi.waitFor(() => expect(openHandles(file)).toBe(2));
    wallet.vault.lock();
    if (existsSync('/proc/self/fd')) expect(openHandles(file)).toBe(0);
    expect(session.dbKey.every((b) => b === 0)).toBe(true);
    expect(session.sealKey.every((b) => b === 0)).toBe(true);
    expect((await rawGet(port, '/api/keys/provider/openai', bearer(reader.token))).status).toBe(423);
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(reads(wallet, 'ok')).toBe(64);
    expect(wallet.keys.get(openai.id).usageCount).toBe(64);
    expect(tokenUses(wallet, 'reader')).toBe(64);
    // The next session gets its own worker, and its reads are counted too.
    await hammer(port, ['/api/keys/provider/openai'], reader.token, 10, 2);
    wallet.vault.lock();
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(wallet.keys.get(openai.id).usageCount).toBe(74);
  });

  it('never serves a key stale after it is rotated, renamed or deleted, here or by another process', async () => {
    const { wallet, port, openai, reader } = await serving();
    const get = async () => rawGet(port, '/api/keys/provider/openai', bearer(reader.token));
    expect((await get()).json).toEqual({ key: SAMPLE_KEYS.openai });
    const rotated = `sk-proj-${'Rt5'.repeat(16)}Q9z1`;
    wallet.keys.update({ id: openai.id, secret: rotated });
    expect((await get()).json).toEqual({ key: rotated });
    // Another process (the CLI) rotates it again on its own connection.
    const cli = createWallet({ dataDir: wallet.vault.paths.dir, kdf: KDF_FLOOR });
    await cli.vault.unlock(STRONG_PASSWORD);
    const third = `sk-proj-${'Th3'.repeat(16)}Q9z2`;
    cli.keys.update({ id: openai.id, secret: third });
    expect((await get()).json).toEqual({ key: third });
    cli.keys.update({ id: openai.id, name: 'renamed' });
    expect((await rawGet(port, '/v1/keys/openai', bearer(reader.token))).status).toBe(404);
    expect((await get()).json).toEqual({ key: third });
    cli.keys.remove(openai.id);
    cli.close();
    expect((await get()).status).toBe(404);
    expect((await rawGet(port, '/v1/keys/openai?name=renamed', bearer(reader.token))).status).toBe(404);
  });
});

describe('cv-hub key choice', () => {
  it('stops choosing a key the moment it expires, with no write in between', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = () => clock;
    const wallet = await unlockedWallet({ now });
    const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0, now });
    running.push(endpoint);
    wallet.keys.create({ provider: 'openai', name: 'older', secret: SAMPLE_KEYS.openai });
    clock += 1000;
    const soon = `sk-proj-${'Ex5'.repeat(16)}Q9z3`;
    wallet.keys.create({ provider: 'openai', name: 'newer', secret: soon, expiresAt: clock + 60_000 });
    const { token } = wallet.tokens.create({ name: 'reader' });
    const get = async () => (await rawGet(endpoint.port, '/api/keys/provider/openai', bearer(token))).json;
    expect(await get()).toEqual({ key: soon });
    clock += 60_000;
    expect(await get()).toEqual({ key: SAMPLE_KEYS.openai });
  });
});

describe('opened values', () => {
  it('opens a key once per sealed value, again after any change, and forgets it before a lock', async () => {
    const { wallet, openai } = await serving();
    const opens = vi.spyOn(KeyRows.prototype, 'openSecret');
    const find = () => wallet.keys.findLiveWithSecret('openai', 'default', null)?.secret;
    expect([find(), find(), find()]).toEqual([SAMPLE_KEYS.openai, SAMPLE_KEYS.openai, SAMPLE_KEYS.openai]);
    expect(opens).toHaveBeenCalledTimes(1);
    wallet.keys.update({ id: openai.id, notes: 'any write empties the sealed cache' });
    expect(find()).toBe(SAMPLE_KEYS.openai);
    expect(opens).toHaveBeenCalledTimes(2);
    wallet.keys.dropDecrypted();
    expect(find()).toBe(SAMPLE_KEYS.openai);
    expect(opens).toHaveBeenCalledTimes(3);
    const beforeLock = vi.spyOn(wallet.keys, 'dropDecrypted');
    wallet.vault.lock();
    expect(beforeLock).toHaveBeenCalledTimes(1);
    opens.mockRestore();
  });
});

describe('usage recorder', () => {
  const read = (wallet: Wallet, keyId: string, tokenId: string): ServedRead => ({
    tokenId,
    tokenName: 'reader',
    keyId,
    hubId: wallet.vault.session().personalHubId,
    hubName: 'Personal',
    provider: 'openai',
    keyName: 'default',
    result: 'ok',
    userAgent: undefined,
    at: Date.now(),
  });

  it('writes every read on this thread when the worker cannot open the vault, dropping none', async () => {
    const wallet = await unlockedWallet();
    const key = wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    const token = wallet.tokens.create({ name: 'reader' });
    const recorder = new UsageRecorder(wallet, 10, 8);
    const session = wallet.vault.session();
    const real = Buffer.from(session.dbKey);
    session.dbKey.fill(7); // the worker gets a wrong key and cannot open the database
    recorder.writer.start();
    session.dbKey.set(real);
    for (let i = 0; i < 50; i += 1) recorder.add(read(wallet, key.id, token.summary.id));
    await vi.waitFor(() => expect(recorder.writer.running).toBe(false), { timeout: 5000, interval: 20 });
    for (let i = 0; i < 50; i += 1) recorder.add(read(wallet, key.id, token.summary.id));
    recorder.flush();
    expect(wallet.keys.get(key.id).usageCount).toBe(100);
    expect(reads(wallet, 'ok')).toBe(100);
    expect(tokenUses(wallet, 'reader')).toBe(100);
  });

  it.runIf(process.platform === 'linux')(
    'the worker thread runs at the lowest priority, so a commit never takes a CPU from a request',
    async () => {
      /** Nice values of this process's threads (field 19 of /proc/self/task/<tid>/stat). */
      const niceOfThreads = () =>
        readdirSync('/proc/self/task').map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
        });
      const before = niceOfThreads().filter((n) => n === 19).length;
      const wallet = await unlockedWallet();
      const recorder = new UsageRecorder(wallet);
      recorder.writer.start();
      await vi.waitFor(() => expect(niceOfThreads().filter((n) => n === 19).length).toBe(before + 1), {
        timeout: 5000,
        interval: 20,
      });
      recorder.writer.stop();
      await vi.waitFor(() => expect(niceOfThreads().filter((n) => n === 19).length).toBe(before), {
        timeout: 5000,
        interval: 20,
      });
    },
  );

  it("the broker's call log goes through the worker too, written by drain()", async () => {
    const wallet = await unlockedWallet();
    const recorder = new UsageRecorder(wallet);
    recorder.writer.start();
    const call = {
      at: Date.now(),
      tokenId: 't1',
      tokenName: 'reader',
      sessionId: null,
      keyId: null,
      keyName: 'default',
      hubName: 'Personal',
      provider: 'openai',
      model: 'gpt-x',
      method: 'POST',
      status: 200,
      inputTokens: 3,
      outputTokens: 4,
      cachedInputTokens: null,
      costUsd: null,
      durationMs: 5,
      streamed: true,
    };
    recorder.writer.postCalls([call, { ...call, status: 500, streamed: false }]);
    recorder.writer.drain();
    expect(recorder.writer.running).toBe(true);
    expect(wallet.tokens.calls.summary('token', 0)).toEqual([
      expect.objectContaining({ group: 'reader', requests: 2, errors: 1, inputTokens: 6, outputTokens: 8 }),
    ]);
    recorder.writer.stop();
  });

  it('a full batch is handed to the worker on the next turn, never inside the read that filled it', async () => {
    const wallet = await unlockedWallet();
    const key = wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    const token = wallet.tokens.create({ name: 'reader' });
    const recorder = new UsageRecorder(wallet, 60_000, 4);
    recorder.writer.start();
    const post = vi.spyOn(recorder.writer, 'post');
    for (let i = 0; i < 4; i += 1) recorder.add(read(wallet, key.id, token.summary.id));
    expect(post).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(post).toHaveBeenCalledTimes(1);
    recorder.flush();
    expect(wallet.keys.get(key.id).usageCount).toBe(4);
    // Written by the worker on its own connection: had it failed to open, flush() would have seen
    // its reply, written here and stopped it.
    expect(recorder.writer.running).toBe(true);
    recorder.writer.stop();
    expect(recorder.writer.running).toBe(false);
  });
});
