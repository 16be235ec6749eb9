// GET /v1/resolve on the real endpoint: many aikey:// references in one request, each resolved and
// scope-checked as /v1/keys/:provider is; refusals listed by position without echoing the text; all
// or nothing, so a request with one refusal hands out no key and records no read as served.
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { bearer, rawGet } from '../../helpers/http.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, unlockedWallet } from '../../helpers/temp-wallet.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const WORK = `sk-proj-${'W0rk'.repeat(8)}`;
const LOCAL = 'sk-local-6f1d0c9a8b7e5d4c3b2a';

async function setup() {
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  const anthropic = wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  const work = wallet.keys.create({ provider: 'openai', name: 'work', secret: WORK });
  wallet.keys.create({
    provider: 'custom',
    name: 'local llm',
    secret: LOCAL,
    baseUrl: 'http://127.0.0.1:8080/v1',
  });
  const token = wallet.tokens.create({ name: 'all' }).token;
  const openaiOnly = wallet.tokens.create({ name: 'o', scope: { providers: ['openai'] } }).token;
  const resolve = async (refs: string[], presented = token) => {
    const query = new URLSearchParams(refs.map((ref): [string, string] => ['ref', ref]));
    const res = await rawGet(endpoint.port, `/v1/resolve?${query.toString()}`, bearer(presented));
    return { status: res.status, json: res.json as Record<string, unknown>, body: res.body };
  };
  return { wallet, resolve, openaiOnly, anthropic, work };
}

describe('GET /v1/resolve', () => {
  it('answers every reference by position, reading a repeated one once', async () => {
    const { resolve } = await setup();
    const answer = await resolve([
      'aikey://openai/work',
      'aikey://Personal/custom/local%20llm',
      'aikey://ANTHROPIC',
      'aikey://openai/work',
    ]);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      keys: [
        { index: 0, provider: 'openai', name: 'work', hub: 'Personal', key: WORK },
        { index: 1, provider: 'custom', name: 'local llm', hub: 'Personal', key: LOCAL },
        { index: 2, provider: 'anthropic', name: 'default', hub: 'Personal', key: SAMPLE_KEYS.anthropic },
        { index: 3, provider: 'openai', name: 'work', hub: 'Personal', key: WORK },
      ],
      refused: [],
    });
  });

  it('lists every refusal with its reason, hands out no key, and never echoes a reference', async () => {
    const { resolve, openaiOnly } = await setup();
    const pasted = `aikey://${WORK}`;
    const answer = await resolve(
      [
        'aikey://openai/work',
        'aikey://anthropic',
        pasted,
        'aikey://openai/nope',
        'aikey://Nowhere/openai/work',
      ],
      openaiOnly,
    );
    expect(answer.status).toBe(200);
    expect(answer.json.keys).toEqual([]);
    expect(answer.json.refused).toEqual([
      { index: 1, code: 'out_of_scope', message: 'This token may not read anthropic keys.' },
      { index: 2, code: 'invalid_request', message: expect.stringContaining('unknown provider') as string },
      {
        index: 3,
        code: 'key_not_found',
        message: expect.stringContaining('No openai key named "nope"') as string,
      },
      { index: 4, code: 'key_not_found', message: 'No hub with that name or id.' },
    ]);
    expect(answer.body).not.toContain(WORK);
  });

  it('audits served references only when all resolve; refusals are audited as denied', async () => {
    const { wallet, resolve, anthropic, work } = await setup();
    expect((await resolve(['aikey://openai/work', 'aikey://openai/work'])).status).toBe(200);
    await resolve(['aikey://anthropic', 'aikey://openai/nope']);
    wallet.vault.lock(); // flushes the batch
    await wallet.vault.unlock(STRONG_PASSWORD);
    const reads = wallet.audit.list({ action: 'key.read' }).entries;
    expect(reads.map((e) => [e.provider, e.keyName, e.result]).sort()).toEqual([
      ['openai', 'nope', 'denied'],
      ['openai', 'work', 'ok'],
    ]);
    expect(wallet.keys.get(work.id).usageCount).toBe(1);
    expect(wallet.keys.get(anthropic.id).usageCount).toBe(0);
  });

  it('refuses no reference or more than 50 as a bad request', async () => {
    const { resolve } = await setup();
    expect((await resolve([])).status).toBe(400);
    expect((await resolve(Array.from({ length: 51 }, () => 'aikey://anthropic'))).status).toBe(400);
    expect((await resolve(Array.from({ length: 50 }, () => 'aikey://anthropic'))).status).toBe(200);
  });
});
