// Budget notices: a token whose broker policy has a daily token budget or a daily or monthly spend
// cap gets one notice when its use crosses 80 % of a budget and one when it reaches 100 %, once per
// period (UTC days and calendar months, as the broker's policy gate counts them). Pure decisions over
// totals the caller read from the call log; notices name the token by its label and carry amounts
// only, never a token value or a prompt.
import type { TokenPolicy } from '#shared/schemas/token-policy.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';

const DAY = 86_400_000;
/** Checked highest first: a jump past 100 % gives the 100 % notice only. */
export const BUDGET_THRESHOLDS = [100, 80] as const;

export interface UsageTotals {
  tokens: number;
  costUsd: number;
}

/** One live token with at least one budget, and what it used in the current periods. */
export interface TokenBudgetUse {
  tokenId: string;
  tokenName: string;
  policy: Pick<TokenPolicy, 'tokensPerDay' | 'spendPerDayUsd' | 'spendPerMonthUsd'>;
  /** Since the start of the current UTC day. */
  day: UsageTotals;
  /** Since the start of the current UTC calendar month. */
  month: UsageTotals;
}

export interface BudgetPeriods {
  dayStart: number;
  dayEnd: number;
  monthStart: number;
  monthEnd: number;
}

/** The periods the broker's policy gate counts budgets in: the UTC day and the UTC calendar month. */
export function budgetPeriods(now: number): BudgetPeriods {
  const date = new Date(now);
  const dayStart = Math.floor(now / DAY) * DAY;
  return {
    dayStart,
    dayEnd: dayStart + DAY,
    monthStart: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    monthEnd: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
}

const hasBudget = (policy: TokenPolicy | null): policy is TokenPolicy =>
  policy !== null && Boolean(policy.tokensPerDay || policy.spendPerDayUsd || policy.spendPerMonthUsd);

/** Reads each live token's budgets and this period's totals (the wallet's token store in the app). */
export function readBudgetUses(
  tokens: readonly TokenSummary[],
  store: {
    policies: { get(tokenId: string): TokenPolicy | null };
    calls: { totals(tokenId: string, since: number): UsageTotals };
  },
  now: number,
): TokenBudgetUse[] {
  const periods = budgetPeriods(now);
  const uses: TokenBudgetUse[] = [];
  for (const token of tokens) {
    if (token.revokedAt !== null) continue;
    const policy = store.policies.get(token.id);
    if (!hasBudget(policy)) continue;
    uses.push({
      tokenId: token.id,
      tokenName: token.name,
      policy,
      day: store.calls.totals(token.id, periods.dayStart),
      month: policy.spendPerMonthUsd
        ? store.calls.totals(token.id, periods.monthStart)
        : { tokens: 0, costUsd: 0 },
    });
  }
  return uses;
}

interface BudgetNotice {
  id: string;
  title: string;
  body: string;
  target: { screen: 'tokens' };
}

type BudgetKind = 'tokens-day' | 'spend-day' | 'spend-month';

const usd = (value: number): string => `$${value.toFixed(2)}`;
const utc = (epochMs: number): string =>
  `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The 80 % and 100 % notices due now; the caller drops those already shown. */
export function budgetNotices(budgets: readonly TokenBudgetUse[], now: number): BudgetNotice[] {
  const periods = budgetPeriods(now);
  const notices: BudgetNotice[] = [];
  for (const budget of budgets) {
    const checks: { kind: BudgetKind; used: number; limit: number | null | undefined; what: string }[] = [
      {
        kind: 'tokens-day',
        used: budget.day.tokens,
        limit: budget.policy.tokensPerDay,
        what: 'daily token budget',
      },
      {
        kind: 'spend-day',
        used: budget.day.costUsd,
        limit: budget.policy.spendPerDayUsd,
        what: 'daily spend cap',
      },
      {
        kind: 'spend-month',
        used: budget.month.costUsd,
        limit: budget.policy.spendPerMonthUsd,
        what: 'monthly spend cap',
      },
    ];
    for (const { kind, used, limit, what } of checks) {
      if (!limit) continue;
      const threshold = BUDGET_THRESHOLDS.find((percent) => used * 100 >= limit * percent);
      if (threshold === undefined) continue;
      const monthly = kind === 'spend-month';
      const start = monthly ? periods.monthStart : periods.dayStart;
      const resets = utc(monthly ? periods.monthEnd : periods.dayEnd);
      const spend = kind !== 'tokens-day';
      const amount = spend ? `${usd(used)} of ${usd(limit)}` : `${used} of ${limit} tokens`;
      notices.push({
        // Per token, budget, period and threshold: each is shown once, and a new period re-arms both.
        id: `budget:${budget.tokenId}:${kind}:${start}:${threshold}`,
        title:
          threshold === 100
            ? `A token reached its ${what}`
            : `A token has used ${threshold} % of its ${what}`,
        body:
          threshold === 100
            ? `The access token “${budget.tokenName}” has used ${amount}. Its calls are refused until the budget resets at ${resets}.`
            : `The access token “${budget.tokenName}” has used ${amount}. Calls are refused once it reaches the cap; it resets at ${resets}.`,
        target: { screen: 'tokens' },
      });
    }
  }
  return notices;
}
