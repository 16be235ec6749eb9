// GET /v1/env with chosen keys (key=provider[:name][@hub], repeatable) on the real endpoint: each key
// resolved and scope-checked as /v1/keys/:provider does, base-URL variables beside the keys, errors
// that name the key, and no read recorded as served when the request fails.
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { bearer, errorCode, rawGet } from '../../helpers/http.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, unlockedWallet } from '../../helpers/temp-wallet.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const WORK = `sk-proj-${'W0rk'.repeat(8)}`;
const LOCAL = 'sk-local-6f1d0c9a8b7e5d4c3b2a';
const MISTRAL = 'M'.repeat(32);

async function setup() {
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  const anthropic = wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
  const work = wallet.keys.create({
    provider: 'openai',
    name: 'work',
    secret: WORK,
    baseUrl: 'https://gateway.example/openai/v1',
  });
  wallet.keys.create({
    provider: 'custom',
    name: 'local llm',
    secret: LOCAL,
    baseUrl: 'http://127.0.0.1:8080/v1',
  });
  wallet.keys.create({
    provider: 'mistral',
    secret: MISTRAL,
    baseUrl: 'https://mistral.example/v1',
  });
  const { token } = wallet.tokens.create({ name: 'all' });
  const get = (query: string, presented = token) =>
    rawGet(endpoint.port, `/v1/env${query}`, bearer(presented));
  return { wallet, get, anthropic, work };
}

const envOf = (res: { json: unknown }) => (res.json as { env: Record<string, string> }).env;
const messageOf = (res: { json: unknown }) => (res.json as { error: { message: string } }).error.message;

describe('GET /v1/env?key=provider[:name][@hub]', () => {
  it('serves exactly the chosen keys, with the base-URL variable of a key that has its own base URL', async () => {
    const { get } = await setup();
    const work = await get('?key=openai:work');
    expect([work.status, work.json]).toEqual([
      200,
      {
        env: {
          OPENAI_API_KEY: WORK,
          CV_OPENAI_KEY: WORK,
          OPENAI_BASE_URL: 'https://gateway.example/openai/v1',
        },
      },
    ]);
    // No name: the provider's "default" key; it has no base URL of its own, so none is set.
    expect(envOf(await get('?key=openai'))).toEqual({
      OPENAI_API_KEY: SAMPLE_KEYS.openai,
      CV_OPENAI_KEY: SAMPLE_KEYS.openai,
    });
    expect(envOf(await get('?key=anthropic&key=custom:local%20llm'))).toEqual({
      ANTHROPIC_API_KEY: SAMPLE_KEYS.anthropic,
      CV_ANTHROPIC_KEY: SAMPLE_KEYS.anthropic,
      LOCAL_LLM_API_KEY: LOCAL,
      LOCAL_LLM_BASE_URL: 'http://127.0.0.1:8080/v1',
    });
    // Mistral's SDK reads no base-URL variable, so its key goes alone.
    expect(envOf(await get('?key=mistral'))).toEqual({ MISTRAL_API_KEY: MISTRAL });
    // providers= and key= combine; the same key chosen twice is no conflict.
    expect(envOf(await get('?providers=anthropic&key=openai:work&key=openai:work'))).toEqual({
      ANTHROPIC_API_KEY: SAMPLE_KEYS.anthropic,
      CV_ANTHROPIC_KEY: SAMPLE_KEYS.anthropic,
      OPENAI_API_KEY: WORK,
      CV_OPENAI_KEY: WORK,
      OPENAI_BASE_URL: 'https://gateway.example/openai/v1',
    });
  });

  it('takes the hub by name (any case) or id, and the provider in any case', async () => {
    const { wallet, get } = await setup();
    const personal = wallet.vault.session().personalHubId;
    for (const spec of ['openai:work@Personal', 'OpenAI:work@personal', `openai:work@${personal}`]) {
      const res = await get(`?key=${encodeURIComponent(spec)}`);
      expect([spec, res.status, envOf(res).OPENAI_API_KEY]).toEqual([spec, 200, WORK]);
    }
  });

  it('sets base-URL variables in the default selection too', async () => {
    const { get } = await setup();
    const env = envOf(await get(''));
    expect(env).toMatchObject({
      OPENAI_API_KEY: SAMPLE_KEYS.openai,
      LOCAL_LLM_API_KEY: LOCAL,
      LOCAL_LLM_BASE_URL: 'http://127.0.0.1:8080/v1',
      MISTRAL_API_KEY: MISTRAL,
    });
    // The default OpenAI key has no base URL, and "work" is not part of the default selection.
    expect(env).not.toHaveProperty('OPENAI_BASE_URL');
  });

  it('refuses, naming the key: missing key or hub 404, out of scope 403, malformed or clashing 400', async () => {
    const { wallet, get } = await setup();
    const anthropicOnly = wallet.tokens.create({ name: 'a', scope: { providers: ['anthropic'] } }).token;
    const workOnly = wallet.tokens.create({ name: 'w', scope: { keyNames: ['work'] } }).token;
    const cases: [string, string | undefined, number, string, RegExp][] = [
      ['?key=openai:nope', undefined, 404, 'key_not_found', /^Key "openai:nope": No openai key named "nope"/],
      ['?key=openai:work@Nowhere', undefined, 404, 'key_not_found', /^Key "openai:work@Nowhere": No hub/],
      ['?key=openai:work', anthropicOnly, 403, 'out_of_scope', /^Key "openai:work": .*openai keys/],
      ['?key=openai', workOnly, 403, 'out_of_scope', /^Key "openai": .*that name/],
      ['?key=acme:work', undefined, 400, 'invalid_request', /^Unknown provider\..*provider\[:name\]\[@hub\]/],
      ['?key=openai:', undefined, 400, 'invalid_request', /provider\[:name\]\[@hub\]/],
      ['?key=openai:work@', undefined, 400, 'invalid_request', /provider\[:name\]\[@hub\]/],
      ['?key=', undefined, 400, 'invalid_request', /provider\[:name\]\[@hub\]/],
      [
        '?key=openai:work&key=openai',
        undefined,
        400,
        'invalid_request',
        /^Key "openai:work" and key "openai" would both set OPENAI_API_KEY/,
      ],
      [
        '?providers=openai&key=openai:work',
        undefined,
        400,
        'invalid_request',
        /^Key "openai:default@Personal" and key "openai:work" would both set OPENAI_API_KEY/,
      ],
    ];
    for (const [query, presented, status, code, message] of cases) {
      const res = await get(query, presented);
      expect([query, res.status, errorCode(res)]).toEqual([query, status, code]);
      expect(messageOf(res)).toMatch(message);
      expect(res.body).not.toContain(WORK);
      expect(res.body).not.toContain(SAMPLE_KEYS.openai);
    }
    // A pasted key in place of a provider is never echoed back.
    const pasted = await get(`?key=${WORK}`);
    expect([pasted.status, pasted.body.includes(WORK)]).toEqual([400, false]);
  });

  it('audits each chosen key as a read; a request that fails hands out nothing and records no read as served', async () => {
    const { wallet, get, anthropic, work } = await setup();
    expect((await get('?key=openai:work')).status).toBe(200);
    expect((await get('?key=anthropic&key=openai:nope')).status).toBe(404);
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
});
