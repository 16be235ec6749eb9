// Budget notices on a fake clock: a token with a daily token budget or a daily or monthly spend cap
// gets one notice at 80 % and one at 100 % of it, once per period (UTC day, calendar month), a jump
// past 100 % gives only the 100 % notice, a new period re-arms both, revoked tokens and tokens
// without a budget give none, and the setting turns them off. The desktop reads the totals from the
// broker's call log (wallet.tokens.calls.totals).
import { describe, expect, it } from 'vitest';
import {
  budgetNotices,
  budgetPeriods,
  readBudgetUses,
  type TokenBudgetUse,
} from '#desktop/budget-notices.js';
import { NotificationScheduler } from '#desktop/notification-scheduler.js';
import type { Notice, NotificationSettings } from '#desktop/notifications.js';
import type { BrokerCall } from '#core/tokens/call-log.js';
import type { TokenPolicy } from '#shared/schemas/token-policy.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { STRONG_PASSWORD } from '../helpers/temp-wallet.js';
import { newDesktop } from './fixtures.js';

const JUNE_10_NOON = Date.UTC(2026, 5, 10, 12, 0, 0);
const DAY = 86_400_000;

const SETTINGS: NotificationSettings = {
  notifyKeyExpiry: true,
  expiryWarningDays: 7,
  rotationReminderDays: 0,
  notifyTokenUse: false,
  notifyHubTampering: true,
  notifyBudget: true,
};

function budget(
  policy: TokenBudgetUse['policy'],
  day: Partial<TokenBudgetUse['day']> = {},
  month: Partial<TokenBudgetUse['month']> = {},
): TokenBudgetUse {
  return {
    tokenId: 'tok-1',
    tokenName: 'ci-agent',
    policy,
    day: { tokens: 0, costUsd: 0, ...day },
    month: { tokens: 0, costUsd: 0, ...month },
  };
}

/** A scheduler over one mutable budget and a fake clock, remembering what it showed. */
function scheduled(initial: TokenBudgetUse, settings: NotificationSettings = SETTINGS) {
  const state = { now: JUNE_10_NOON, budget: initial };
  const sent = new Set<string>();
  const shown: Notice[] = [];
  const scheduler = new NotificationScheduler({
    show: (notice) => shown.push(notice),
    ledger: { sent: () => sent, markSent: (ids) => ids.forEach((id) => sent.add(id)) },
    sources: {
      now: () => state.now,
      settings: () => settings,
      snapshot: () => ({ keys: [], tokens: [], reports: [], budgets: [state.budget] }),
    },
  });
  return { state, shown, scheduler };
}

describe('budget periods', () => {
  it('are the UTC day and the UTC calendar month, as the broker counts them', () => {
    expect(budgetPeriods(JUNE_10_NOON)).toEqual({
      dayStart: Date.UTC(2026, 5, 10),
      dayEnd: Date.UTC(2026, 5, 11),
      monthStart: Date.UTC(2026, 5, 1),
      monthEnd: Date.UTC(2026, 6, 1),
    });
  });
});

describe('budget notices', () => {
  it('says nothing below 80 %, then once at 80 % and once at 100 % of a daily spend cap', () => {
    const { state, shown, scheduler } = scheduled(budget({ spendPerDayUsd: 10 }, { costUsd: 7.99 }));
    scheduler.check();
    expect(shown).toEqual([]);

    state.budget = budget({ spendPerDayUsd: 10 }, { costUsd: 8 });
    scheduler.check();
    state.budget = budget({ spendPerDayUsd: 10 }, { costUsd: 9.5 });
    scheduler.check();
    expect(shown.map((n) => n.title)).toEqual(['A token has used 80 % of its daily spend cap']);
    expect(shown[0]?.body).toBe(
      'The access token “ci-agent” has used $8.00 of $10.00. Calls are refused once it reaches the cap; it resets at 2026-06-11 00:00 UTC.',
    );
    expect(shown[0]?.target).toEqual({ screen: 'tokens' });

    state.budget = budget({ spendPerDayUsd: 10 }, { costUsd: 10.2 });
    scheduler.check();
    scheduler.check();
    expect(shown.map((n) => n.title)).toEqual([
      'A token has used 80 % of its daily spend cap',
      'A token reached its daily spend cap',
    ]);
    expect(shown[1]?.body).toContain(
      'has used $10.20 of $10.00. Its calls are refused until the budget resets',
    );
  });

  it('a jump past 100 % gives the 100 % notice only, and the next UTC day re-arms both', () => {
    const { state, shown, scheduler } = scheduled(budget({ tokensPerDay: 1000 }, { tokens: 1500 }));
    scheduler.check();
    expect(shown.map((n) => n.title)).toEqual(['A token reached its daily token budget']);
    expect(shown[0]?.body).toContain('has used 1500 of 1000 tokens');

    state.now += DAY;
    state.budget = budget({ tokensPerDay: 1000 }, { tokens: 850 });
    scheduler.check();
    expect(shown.map((n) => n.title)).toEqual([
      'A token reached its daily token budget',
      'A token has used 80 % of its daily token budget',
    ]);
  });

  it('counts a monthly spend cap per calendar month', () => {
    const { state, shown, scheduler } = scheduled(budget({ spendPerMonthUsd: 100 }, {}, { costUsd: 85 }));
    scheduler.check();
    state.now += 5 * DAY;
    scheduler.check();
    expect(shown.map((n) => n.title)).toEqual(['A token has used 80 % of its monthly spend cap']);
    expect(shown[0]?.body).toContain('resets at 2026-07-01 00:00 UTC');

    state.now = Date.UTC(2026, 6, 2, 9);
    scheduler.check();
    expect(shown).toHaveLength(2);
  });

  it('checks each budget of a token on its own', () => {
    const notices = budgetNotices(
      [
        budget(
          { tokensPerDay: 100, spendPerDayUsd: 1, spendPerMonthUsd: 50 },
          { tokens: 90, costUsd: 0.1 },
          { costUsd: 50 },
        ),
      ],
      JUNE_10_NOON,
    );
    expect(notices.map((n) => n.title)).toEqual([
      'A token has used 80 % of its daily token budget',
      'A token reached its monthly spend cap',
    ]);
  });

  it('shows none when the setting is off', () => {
    const { shown, scheduler } = scheduled(budget({ spendPerDayUsd: 1 }, { costUsd: 5 }), {
      ...SETTINGS,
      notifyBudget: false,
    });
    scheduler.check();
    expect(shown).toEqual([]);
  });
});

describe('reading budgets', () => {
  const token = (id: string, revokedAt: number | null = null): TokenSummary => ({
    id,
    name: id,
    masked: 'aik_…abcd',
    askBeforeUse: false,
    scope: { hubs: null, providers: null, keyNames: null },
    expiresAt: null,
    createdAt: 0,
    regeneratedAt: null,
    lastUsedAt: null,
    useCount: 0,
    revokedAt,
  });

  it('reads live tokens with a budget only, each period from its own start', () => {
    const policies: Record<string, TokenPolicy> = {
      daily: { spendPerDayUsd: 5 },
      monthly: { spendPerMonthUsd: 50 },
      models: { models: ['gpt-4o*'] },
      revoked: { spendPerDayUsd: 5 },
    };
    const since: [string, number][] = [];
    const uses = readBudgetUses(
      [token('daily'), token('monthly'), token('models'), token('none'), token('revoked', 1)],
      {
        policies: { get: (id) => policies[id] ?? null },
        calls: {
          totals: (id, from) => {
            since.push([id, from]);
            return { tokens: 10, costUsd: 1 };
          },
        },
      },
      JUNE_10_NOON,
    );
    expect(uses.map((u) => u.tokenId)).toEqual(['daily', 'monthly']);
    expect(since).toEqual([
      ['daily', Date.UTC(2026, 5, 10)],
      ['monthly', Date.UTC(2026, 5, 10)],
      ['monthly', Date.UTC(2026, 5, 1)],
    ]);
  });
});

describe('the desktop', () => {
  it('notices a budget crossing from the broker call log', async () => {
    const shown: Notice[] = [];
    const now = Date.now();
    const desktop = newDesktop({
      notify: (notice) => shown.push(notice),
      settings: { endpointEnabled: false },
    });
    await desktop.call('vault:create', { password: STRONG_PASSWORD });
    const { summary } = await desktop.call('tokens:create', { name: 'ci-agent' });
    desktop.wallet.tokens.setPolicy(summary.id, { spendPerDayUsd: 2 });
    const call: BrokerCall = {
      at: now,
      tokenId: summary.id,
      tokenName: summary.name,
      sessionId: null,
      keyId: null,
      keyName: 'default',
      hubName: null,
      provider: 'openai',
      model: 'gpt-4o-mini',
      method: 'POST',
      status: 200,
      inputTokens: 1000,
      outputTokens: 500,
      cachedInputTokens: null,
      costUsd: 1.7,
      durationMs: 120,
      streamed: false,
    };
    desktop.wallet.tokens.calls.record([call]);
    await desktop.start();
    const budgetNotice = shown.filter((n) => n.id.startsWith('budget:'));
    expect(budgetNotice.map((n) => n.title)).toEqual(['A token has used 80 % of its daily spend cap']);
    expect(budgetNotice[0]?.body).toContain('“ci-agent” has used $1.70 of $2.00');
  });
});
