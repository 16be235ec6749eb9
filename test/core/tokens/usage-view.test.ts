// The Usage screen's numbers: every day of the range (zeros included, in UTC), filters that narrow
// the totals, and the values each filter can take.
import { describe, expect, it } from 'vitest';
import type { BrokerCall } from '#core/tokens/call-log.js';
import { codeOf } from '#test/helpers/errors.js';
import { unlockedWallet } from '#test/helpers/temp-wallet.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const DAY = 86_400_000;

function call(at: number, model: string, token: string, costUsd: number | null, status = 200): BrokerCall {
  return {
    at,
    tokenId: `id-${token}`,
    tokenName: token,
    sessionId: null,
    keyId: null,
    keyName: 'default',
    hubName: 'Personal',
    provider: model.startsWith('gpt') ? 'openai' : 'anthropic',
    model,
    method: 'POST',
    status,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: null,
    costUsd,
    durationMs: 30,
    streamed: false,
  };
}

describe('TokenStore.usage', () => {
  it('totals per UTC day over the range, zeros for quiet days, filtered by token and model', async () => {
    const wallet = await unlockedWallet();
    wallet.tokens.calls.record([
      call(NOW, 'gpt-4o', 'ci', 0.5),
      call(NOW - 1000, 'gpt-4o', 'ci', 0.25, 500),
      call(NOW - 2 * DAY, 'claude-sonnet-4-5', 'agent', 1),
      call(NOW - 10 * DAY, 'gpt-4o', 'ci', 9),
    ]);
    const week = wallet.tokens.usage({ days: 7 }, NOW);
    expect(week.days.map((d) => d.day)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(week.days.at(-1)).toEqual({
      day: '2026-11-29',
      requests: 2,
      errors: 1,
      inputTokens: 20,
      outputTokens: 10,
      costUsd: 0.75,
    });
    expect(week.days.at(-3)?.requests).toBe(1);
    expect(week.total).toEqual({ requests: 3, errors: 1, inputTokens: 30, outputTokens: 15, costUsd: 1.75 });
    expect(week.facets).toEqual({
      hubs: ['Personal'],
      keys: ['anthropic:default', 'openai:default'],
      tokens: ['agent', 'ci'],
      models: ['claude-sonnet-4-5', 'gpt-4o'],
    });
    expect(wallet.tokens.usage({ days: 7, token: 'agent' }, NOW).total.requests).toBe(1);
    expect(wallet.tokens.usage({ days: 7, model: 'gpt-4o', key: 'openai:default' }, NOW).total.costUsd).toBe(
      0.75,
    );
    expect(wallet.tokens.usage({ days: 30 }, NOW).total.requests).toBe(4);
  });

  it("lists each token's budgets with what today or this month has used", async () => {
    const wallet = await unlockedWallet();
    const { summary } = wallet.tokens.create({ name: 'agent' });
    wallet.tokens.create({ name: 'free' });
    wallet.tokens.setPolicy(summary.id, { tokensPerDay: 100, spendPerDayUsd: 2, spendPerMonthUsd: 10 });
    wallet.tokens.calls.record([
      { ...call(NOW, 'gpt-4o', 'agent', 0.5), tokenId: summary.id },
      { ...call(NOW - DAY, 'gpt-4o', 'agent', 3), tokenId: summary.id },
      { ...call(NOW - 40 * DAY, 'gpt-4o', 'agent', 7), tokenId: summary.id },
    ]);
    expect(wallet.tokens.usage({ days: 7 }, NOW).budgets).toEqual([
      { token: 'agent', budget: 'tokensPerDay', used: 15, limit: 100, resetsAt: '2026-11-30T00:00:00.000Z' },
      { token: 'agent', budget: 'spendPerDay', used: 0.5, limit: 2, resetsAt: '2026-11-30T00:00:00.000Z' },
      { token: 'agent', budget: 'spendPerMonth', used: 3.5, limit: 10, resetsAt: '2026-12-01T00:00:00.000Z' },
    ]);
    expect(wallet.tokens.usage({ days: 7, token: 'free' }, NOW).budgets).toEqual([]);
  });

  it('refuses a range outside 1 to 366 days', async () => {
    const wallet = await unlockedWallet();
    expect(codeOf(() => wallet.tokens.usage({ days: 0 }, NOW))).toBe('InvalidInput');
  });
});
