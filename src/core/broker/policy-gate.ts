// Enforces token policies on broker calls: allowed models, requests per minute (429 with
// Retry-After), tokens per day and spend per day and month (402, which official SDKs do not retry,
// naming the budget and when it resets). Periods are UTC days and calendar months. Running totals
// live in memory, seeded from the call log the first time a token is seen in a period; the endpoint
// is the only writer of the log, so memory and log agree. A cap is checked before each call: calls
// already under way when it is reached finish, so a budget can be overshot by those.
import { priceFor, type PriceTable } from '#shared/prices.js';
import type { ProviderId } from '#shared/providers.js';
import { modelAllowed, type TokenPolicy } from '#shared/schemas/token-policy.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { EndpointError } from '../endpoint/responses.js';
import type { BrokerCallLog } from '../tokens/call-log.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Period {
  start: number;
  tokens: number;
  costUsd: number;
}

function monthStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextMonth(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

const usd = (value: number) => `$${value.toFixed(2)}`;

export class PolicyGate {
  private readonly recent = new Map<string, number[]>();
  private readonly days = new Map<string, Period>();
  private readonly months = new Map<string, Period>();

  constructor(
    private readonly log: Pick<BrokerCallLog, 'totals'>,
    /** Writes queued calls first, so a period's totals include them. */
    private readonly flushQueued: () => void,
    private readonly now: () => number,
    private readonly prices: () => PriceTable = () => ({}),
  ) {}

  /** Before anything is forwarded: the rate, then each budget. */
  admit(token: TokenSummary, policy: TokenPolicy): void {
    const now = this.now();
    if (policy.requestsPerMinute) {
      const times = (this.recent.get(token.id) ?? []).filter((t) => t > now - MINUTE);
      if (times.length >= policy.requestsPerMinute) {
        const wait = Math.max(1, Math.ceil((times[0]! + MINUTE - now) / 1000));
        this.recent.set(token.id, times);
        throw new EndpointError(
          'rate_limited',
          `Token "${token.name}" may make ${policy.requestsPerMinute} requests per minute. Try again in ${wait} s.`,
          { 'Retry-After': String(wait) },
        );
      }
      times.push(now);
      this.recent.set(token.id, times);
    }
    const day =
      policy.tokensPerDay || policy.spendPerDayUsd
        ? this.period(this.days, token.id, Math.floor(now / DAY) * DAY)
        : null;
    const dayReset = new Date(Math.floor(now / DAY) * DAY + DAY).toISOString();
    if (day && policy.tokensPerDay && day.tokens >= policy.tokensPerDay) {
      throw exhausted(
        `Token "${token.name}" has used its daily budget of ${policy.tokensPerDay} tokens`,
        dayReset,
      );
    }
    if (day && policy.spendPerDayUsd && day.costUsd >= policy.spendPerDayUsd) {
      throw exhausted(
        `Token "${token.name}" has used its daily spend cap of ${usd(policy.spendPerDayUsd)}`,
        dayReset,
      );
    }
    if (policy.spendPerMonthUsd) {
      const month = this.period(this.months, token.id, monthStart(now));
      if (month.costUsd >= policy.spendPerMonthUsd) {
        throw exhausted(
          `Token "${token.name}" has used its monthly spend cap of ${usd(policy.spendPerMonthUsd)}`,
          new Date(nextMonth(now)).toISOString(),
        );
      }
    }
  }

  /** Once the model is known: the allow-list, and a known price where the policy requires one. */
  checkModel(token: TokenSummary, policy: TokenPolicy, provider: ProviderId, model: string | null): void {
    if (policy.models) {
      if (model === null) {
        throw new EndpointError(
          'model_not_allowed',
          `Token "${token.name}" may call named models only; this request names none.`,
        );
      }
      if (!modelAllowed(policy.models, model)) {
        throw new EndpointError(
          'model_not_allowed',
          `Token "${token.name}" may not call the model "${model.slice(0, 100)}" (allowed: ${policy.models.join(', ')}).`,
        );
      }
    }
    if (policy.requireKnownPrice && priceFor(provider, model, this.prices())?.known !== true) {
      throw new EndpointError(
        'model_not_allowed',
        `Token "${token.name}" may call priced models only, and the wallet has no price for this one.`,
      );
    }
  }

  /** After a call: what it used counts against the token's periods already loaded. */
  spend(tokenId: string, tokens: number, costUsd: number): void {
    for (const periods of [this.days, this.months]) {
      const period = periods.get(tokenId);
      if (period) {
        period.tokens += tokens;
        period.costUsd += costUsd;
      }
    }
  }

  private period(periods: Map<string, Period>, tokenId: string, start: number): Period {
    const known = periods.get(tokenId);
    if (known && known.start === start) return known;
    this.flushQueued();
    const totals = this.log.totals(tokenId, start);
    const fresh = { start, tokens: totals.tokens, costUsd: totals.costUsd };
    periods.set(tokenId, fresh);
    return fresh;
  }
}

function exhausted(what: string, resetsAt: string): EndpointError {
  return new EndpointError('budget_exhausted', `${what}. It resets at ${resetsAt}.`, {
    'X-Aikey-Budget-Reset': resetsAt,
  });
}
