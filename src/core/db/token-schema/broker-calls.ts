// One row per call the broker forwarded: who (token), with which key, to which provider and model,
// the upstream status, the token counts the provider reported and how long it took. Never a prompt,
// a completion or a header: the bodies pass through the broker and are not kept. It lives beside the
// tokens (tokens.db, not encrypted) so budgets can be checked and usage shown while the vault is
// locked, and so a busy broker never waits on the vault's write lock.
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const brokerCalls = sqliteTable(
  'broker_calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'number' }).notNull(),
    tokenId: text('token_id').notNull(),
    tokenName: text('token_name').notNull(),
    /** Set for calls made with a session token (aikey exec --broker). */
    sessionId: text('session_id'),
    keyId: text('key_id'),
    keyName: text('key_name').notNull(),
    hubName: text('hub_name'),
    provider: text('provider').notNull(),
    model: text('model'),
    method: text('method').notNull(),
    /** The upstream status, or the broker's own when it refused or the upstream failed (0). */
    status: integer('status', { mode: 'number' }).notNull(),
    inputTokens: integer('input_tokens', { mode: 'number' }),
    outputTokens: integer('output_tokens', { mode: 'number' }),
    cachedInputTokens: integer('cached_input_tokens', { mode: 'number' }),
    costUsd: real('cost_usd'),
    durationMs: integer('duration_ms', { mode: 'number' }).notNull(),
    streamed: integer('streamed', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('broker_calls_at').on(t.at), index('broker_calls_token_at').on(t.tokenId, t.at)],
);

export type BrokerCallRow = typeof brokerCalls.$inferSelect;
export type BrokerCallInsert = typeof brokerCalls.$inferInsert;
