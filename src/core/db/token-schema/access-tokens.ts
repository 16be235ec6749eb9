// Access tokens live in their own small database (tokens.db, 0600, not encrypted) because the
// endpoint must tell a bad token (401) from a locked vault (423) without the vault key, and see
// tokens created or revoked by another process at once. It holds only SHA-256 hashes of 256-bit
// secrets, names, scopes and timestamps: nothing that opens a key.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, blob, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const accessTokens = sqliteTable(
  'access_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    /** JSON arrays; null means every hub / provider / key name. */
    scopeHubs: text('scope_hubs', { mode: 'json' }).$type<string[] | null>(),
    scopeProviders: text('scope_providers', { mode: 'json' }).$type<string[] | null>(),
    scopeKeyNames: text('scope_key_names', { mode: 'json' }).$type<string[] | null>(),
    expiresAt: integer('expires_at', { mode: 'number' }),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    regeneratedAt: integer('regenerated_at', { mode: 'number' }),
    lastUsedAt: integer('last_used_at', { mode: 'number' }),
    useCount: integer('use_count', { mode: 'number' }).notNull().default(0),
    revokedAt: integer('revoked_at', { mode: 'number' }),
    /** "Ask before use": the desktop asks the user before a caller it has not approved uses it. */
    askBeforeUse: integer('ask_before_use', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('access_tokens_live_name_unique')
      .on(t.name)
      .where(sql`${t.revokedAt} IS NULL`),
  ],
);

export type AccessTokenRow = typeof accessTokens.$inferSelect;
