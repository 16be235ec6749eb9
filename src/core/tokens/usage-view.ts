// The Usage screen's numbers, read from the broker's call log (broker_calls, written only by
// call-log.ts): totals per UTC day over a range, with optional filters, and the values each filter can
// take in that range. Read-only; counts and cost, never content.
import type Database from 'better-sqlite3';
import type { TokenPolicy } from '#shared/schemas/token-policy.js';
import type { UsageBudget, UsageDay, UsageQuery, UsageView } from '#shared/schemas/usage.js';

const DAY_MS = 86_400_000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function usageView(
  sqlite: Database.Database,
  query: Required<UsageQuery>,
  now: number,
): Omit<UsageView, 'budgets'> {
  const first = Math.floor(now / DAY_MS) * DAY_MS - (query.days - 1) * DAY_MS;
  const where = ['at >= @first'];
  if (query.hub !== null) where.push('hub_name = @hub');
  if (query.key !== null) where.push("provider || ':' || key_name = @key");
  if (query.token !== null) where.push('token_name = @token');
  if (query.model !== null) where.push("coalesce(model, '(unknown)') = @model");
  const params = { first, hub: query.hub, key: query.key, token: query.token, model: query.model };
  const rows = sqlite
    .prepare(
      `SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, count(*) AS requests,
         sum(CASE WHEN status >= 400 OR status = 0 THEN 1 ELSE 0 END) AS errors,
         coalesce(sum(input_tokens), 0) AS inputTokens, coalesce(sum(output_tokens), 0) AS outputTokens,
         coalesce(sum(cost_usd), 0) AS costUsd
       FROM broker_calls WHERE ${where.join(' AND ')} GROUP BY day`,
    )
    .all(params) as UsageDay[];
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days: UsageDay[] = [];
  for (let at = first; at <= now; at += DAY_MS) {
    const day = dayOf(at);
    days.push(byDay.get(day) ?? { day, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  }
  const total = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const d of days) {
    total.requests += d.requests;
    total.errors += d.errors;
    total.inputTokens += d.inputTokens;
    total.outputTokens += d.outputTokens;
    total.costUsd += d.costUsd;
  }
  const facet = (expression: string) =>
    (
      sqlite
        .prepare(
          `SELECT DISTINCT ${expression} AS v FROM broker_calls WHERE at >= ? AND ${expression} IS NOT NULL ORDER BY v`,
        )
        .all(first) as { v: string }[]
    ).map((r) => r.v);
  return {
    days,
    total,
    facets: {
      hubs: facet('hub_name'),
      keys: facet("provider || ':' || key_name"),
      tokens: facet('token_name'),
      models: facet("coalesce(model, '(unknown)')"),
    },
  };
}

/** Each token's budgets with what the current UTC day or calendar month has used of them. */
export function budgetsOf(
  tokens: readonly { id: string; name: string; policy: TokenPolicy | null }[],
  totals: (tokenId: string, since: number) => { tokens: number; costUsd: number },
  now: number,
): UsageBudget[] {
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  const date = new Date(now);
  const month = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const nextMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  const tomorrow = new Date(day + DAY_MS).toISOString();
  const budgets: UsageBudget[] = [];
  for (const { id, name, policy } of tokens) {
    if (!policy) continue;
    const today = () => totals(id, day);
    const rows: [UsageBudget['budget'], number | null | undefined, () => number, string][] = [
      ['tokensPerDay', policy.tokensPerDay, () => today().tokens, tomorrow],
      ['spendPerDay', policy.spendPerDayUsd, () => today().costUsd, tomorrow],
      [
        'spendPerMonth',
        policy.spendPerMonthUsd,
        () => totals(id, month).costUsd,
        new Date(nextMonth).toISOString(),
      ],
    ];
    for (const [budget, limit, used, resetsAt] of rows) {
      if (limit) budgets.push({ token: name, budget, used: used(), limit, resetsAt });
    }
  }
  return budgets;
}
