// Token policies enforced by the broker: models refused, requests per minute (429 + Retry-After),
// daily tokens and spend caps (402, which the official SDK does not retry), each resetting at its
// UTC period boundary; and the recorded cost follows the price table.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import type { PriceTable } from '#shared/prices.js';
import type { TokenPolicy } from '#shared/schemas/token-policy.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import { rawGet, type RawResponse } from '../../helpers/http.js';
import { MOCK_USAGE, startMockProvider, type MockProvider } from '../../helpers/mock-provider.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const START = Date.parse('2030-01-31T23:59:00Z');

async function setup(policy: TokenPolicy, prices: PriceTable = {}) {
  let clock = START;
  const mock: MockProvider = await startMockProvider();
  running.push(mock);
  const wallet = await unlockedWallet();
  const endpoint: RunningEndpoint = await startEndpoint({
    wallet,
    dataDir: wallet.vault.paths.dir,
    port: 0,
    now: () => clock,
    broker: { prices: () => prices },
  });
  running.push(endpoint);
  wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai, baseUrl: `${mock.url}/v1` });
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic, baseUrl: mock.url });
  const { token, summary } = wallet.tokens.create({ name: 'agent' });
  wallet.tokens.setPolicy(summary.id, policy);
  const chat = (model = 'gpt-4o-mini'): Promise<RawResponse> =>
    rawGet(
      endpoint.port,
      '/proxy/openai/chat/completions',
      { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      { method: 'POST', body: JSON.stringify({ model, messages: [] }) },
    );
  return { wallet, endpoint, mock, token, tokenId: summary.id, chat, advance: (ms: number) => (clock += ms) };
}

const message = (res: RawResponse) => (res.json as { error?: { message?: string } }).error?.message ?? '';

describe('broker policies', () => {
  it('refuses a model outside the allowed patterns, in the provider error shape', async () => {
    const { chat, mock, endpoint, token } = await setup({ models: ['gpt-4o-mini*', 'claude-*-haiku*'] });
    expect((await chat('gpt-4o-mini-2024-07-18')).status).toBe(200);
    const refused = await chat('gpt-4o');
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { type: 'model_not_allowed', code: 'model_not_allowed' } });
    expect(message(refused)).toContain('"gpt-4o"');
    const anthropic = await rawGet(
      endpoint.port,
      '/proxy/anthropic/v1/messages',
      { 'x-api-key': token, 'content-type': 'application/json' },
      { method: 'POST', body: JSON.stringify({ model: 'claude-opus-4-1', max_tokens: 1 }) },
    );
    expect(anthropic.json).toMatchObject({ type: 'error', error: { type: 'model_not_allowed' } });
    expect(mock.seen).toHaveLength(1);
  });

  it('limits requests per minute with 429 and Retry-After, and lets them through a minute later', async () => {
    const { chat, advance } = await setup({ requestsPerMinute: 2 });
    expect((await chat()).status).toBe(200);
    advance(10_000);
    expect((await chat()).status).toBe(200);
    const limited = await chat();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('50');
    advance(50_000);
    expect((await chat()).status).toBe(200);
  });

  it('stops at the daily token budget with 402 naming it and its reset, until the next UTC day', async () => {
    const { chat, advance, wallet, tokenId } = await setup({ tokensPerDay: 30 });
    expect((await chat()).status).toBe(200);
    expect((await chat()).status).toBe(200);
    const spent = await chat();
    expect(spent.status).toBe(402);
    expect(message(spent)).toBe(
      'Token "agent" has used its daily budget of 30 tokens. It resets at 2030-02-01T00:00:00.000Z.',
    );
    advance(60_000);
    expect((await chat()).status).toBe(200);
    wallet.tokens.calls.record([]);
    expect(wallet.tokens.calls.totals(tokenId, 0).tokens).toBeGreaterThanOrEqual(2 * MOCK_USAGE.total_tokens);
  });

  it('a spend cap is not retried by the official SDK, and the monthly cap resets with the month', async () => {
    const { endpoint, mock, token, advance, wallet, tokenId } = await setup({ spendPerMonthUsd: 0.000005 });
    const client = new OpenAI({ baseURL: `${endpoint.url}/proxy/openai`, apiKey: token, maxRetries: 3 });
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
    expect(first.usage?.total_tokens).toBe(MOCK_USAGE.total_tokens);
    const refused = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect((refused as Error).message).toContain('monthly spend cap of $0.00');
    expect((refused as Error).message).toContain('2030-02-01T00:00:00.000Z');
    expect(mock.seen).toHaveLength(1);
    advance(60_000);
    expect((await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] })).id).toBeTruthy();
    await endpoint.close();
    running.splice(running.indexOf(endpoint), 1);
    const [call] = wallet.tokens.calls.callsOf(tokenId);
    // gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
    expect(call?.costUsd).toBeCloseTo(
      (MOCK_USAGE.prompt_tokens * 0.15 + MOCK_USAGE.completion_tokens * 0.6) / 1e6,
      12,
    );
  });

  it('a token with limits cannot read the key itself from the key routes', async () => {
    const { endpoint, token, chat } = await setup({ requestsPerMinute: 100 });
    for (const path of ['/v1/keys/openai', '/v1/env', '/api/keys/provider/openai']) {
      const res = await rawGet(endpoint.port, path, { Authorization: `Bearer ${token}` });
      expect([path, res.status, JSON.stringify(res.json)]).toEqual([
        path,
        403,
        expect.stringContaining('/proxy only'),
      ]);
      expect(res.body).not.toContain(SAMPLE_KEYS.openai);
    }
    expect((await chat()).status).toBe(200);
  });

  it('refuses unpriced models when the token requires a known price', async () => {
    const { chat } = await setup({ requireKnownPrice: true });
    expect((await chat('gpt-4o-mini')).status).toBe(200);
    const unknown = await chat('my-finetune');
    expect(unknown.status).toBe(403);
    expect(message(unknown)).toContain('priced models only');
  });

  it("the user's prices come before the built-in table: a priced fine-tune passes and is costed", async () => {
    const prices: PriceTable = { openai: [{ pattern: 'my-finetune', input: 1, output: 2, cachedInput: 1 }] };
    const { chat, endpoint, wallet, tokenId } = await setup({ requireKnownPrice: true }, prices);
    expect((await chat('my-finetune')).status).toBe(200);
    await endpoint.close();
    running.splice(running.indexOf(endpoint), 1);
    const [call] = wallet.tokens.calls.callsOf(tokenId);
    expect(call?.costUsd).toBeCloseTo(
      (MOCK_USAGE.prompt_tokens * 1 + MOCK_USAGE.completion_tokens * 2) / 1e6,
      12,
    );
  });
});
