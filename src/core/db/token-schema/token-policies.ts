// The broker's limits on one access token (allowed models, requests per minute, tokens per day,
// spend per day and month). Beside the tokens, not in the vault, because the broker enforces them
// on every call, before it knows whether the vault will open, and another process (the CLI, the
// desktop) may change them at any time. A token without a row has no limits beyond its scope.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const tokenPolicies = sqliteTable('token_policies', {
  tokenId: text('token_id').primaryKey(),
  /** TokenPolicy as JSON (src/shared/schemas/token-policy.ts), checked on the way in and out. */
  policy: text('policy', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});
