// The broker's call log (broker_calls in tokens.db): written in batches by the endpoint's broker,
// read by `aikey usage` and by budgets. It holds counts and names only, never a body or a header.
import type Database from 'better-sqlite3';
import { withoutFsync } from '../db/batch-write.js';

export interface BrokerCall {
  at: number;
  tokenId: string;
  tokenName: string;
  sessionId: string | null;
  keyId: string | null;
  keyName: string;
  hubName: string | null;
  provider: string;
  model: string | null;
  method: string;
  status: number;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  costUsd: number | null;
  durationMs: number;
  streamed: boolean;
}

export type UsageGrouping = 'token' | 'key' | 'model' | 'day' | 'provider';

export interface UsageRow {
  group: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
}

const GROUP_SQL: Record<UsageGrouping, string> = {
  token: 'token_name',
  key: "provider || ':' || key_name",
  model: "coalesce(model, '(unknown)')",
  provider: 'provider',
  // Days in UTC, so totals do not shift with the machine's zone.
  day: "strftime('%Y-%m-%d', at / 1000, 'unixepoch')",
};

/** One call as a row (streamed as 0/1); exported for the endpoint's bookkeeping worker. */
export const CALL_INSERT_SQL = `INSERT INTO broker_calls (at, token_id, token_name, session_id, key_id,
     key_name, hub_name, provider, model, method, status, input_tokens, output_tokens,
     cached_input_tokens, cost_usd, duration_ms, streamed)
   VALUES (:at, :tokenId, :tokenName, :sessionId, :keyId, :keyName, :hubName, :provider, :model,
     :method, :status, :inputTokens, :outputTokens, :cachedInputTokens, :costUsd, :durationMs,
     :streamed)`;

export class BrokerCallLog {
  private readonly insert: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.insert = sqlite.prepare(CALL_INSERT_SQL);
  }

  /** One transaction for the batch, without an fsync of its own (see withoutFsync). */
  record(calls: readonly BrokerCall[]): void {
    if (calls.length === 0) return;
    withoutFsync(this.sqlite, () => {
      for (const call of calls) this.insert.run({ ...call, streamed: call.streamed ? 1 : 0 });
    });
  }

  /** Totals per group for calls at or after `since` (epoch ms), largest cost and count first. */
  summary(by: UsageGrouping, since: number): UsageRow[] {
    const group = GROUP_SQL[by];
    const order = by === 'day' ? 'grp ASC' : 'cost DESC, requests DESC, grp ASC';
    return this.sqlite
      .prepare(
        `SELECT ${group} AS grp, count(*) AS requests,
           sum(CASE WHEN status >= 400 OR status = 0 THEN 1 ELSE 0 END) AS errors,
           coalesce(sum(input_tokens), 0) AS input, coalesce(sum(output_tokens), 0) AS output,
           coalesce(sum(cached_input_tokens), 0) AS cached, coalesce(sum(cost_usd), 0) AS cost
         FROM broker_calls WHERE at >= ? GROUP BY grp ORDER BY ${order}`,
      )
      .all(since)
      .map((row) => {
        const r = row as Record<string, number | string>;
        return {
          group: String(r.grp),
          requests: Number(r.requests),
          errors: Number(r.errors),
          inputTokens: Number(r.input),
          outputTokens: Number(r.output),
          cachedInputTokens: Number(r.cached),
          costUsd: Number(r.cost),
        };
      });
  }

  /** One token's total tokens (input + output) and cost since a time (budgets). */
  totals(tokenId: string, since: number): { tokens: number; costUsd: number } {
    const row = this.sqlite
      .prepare(
        `SELECT coalesce(sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)), 0) AS tokens,
           coalesce(sum(cost_usd), 0) AS cost
         FROM broker_calls WHERE token_id = ? AND at >= ?`,
      )
      .get(tokenId, since) as { tokens: number; cost: number };
    return { tokens: Number(row.tokens), costUsd: Number(row.cost) };
  }

  /** Every call of one token since a time, oldest first (tests and budgets). */
  callsOf(tokenId: string, since = 0): BrokerCall[] {
    return this.sqlite
      .prepare(
        `SELECT at, token_id AS tokenId, token_name AS tokenName, session_id AS sessionId,
           key_id AS keyId, key_name AS keyName, hub_name AS hubName, provider, model, method, status,
           input_tokens AS inputTokens, output_tokens AS outputTokens,
           cached_input_tokens AS cachedInputTokens, cost_usd AS costUsd, duration_ms AS durationMs,
           streamed
         FROM broker_calls WHERE token_id = ? AND at >= ? ORDER BY id ASC`,
      )
      .all(tokenId, since)
      .map((row) => {
        const r = row as BrokerCall & { streamed: number | boolean };
        return { ...r, streamed: Boolean(r.streamed) };
      });
  }
}
