// Provider keys. The secret column holds a blob sealed on its own (AAD: key id + hub id + format
// version) inside the already-encrypted database; listing reads only the masked form. The
// fingerprint is an HMAC of the value under a vault subkey (never a plain hash), so "is this value
// already in the vault?" is one indexed lookup without opening every key.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, blob, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const keys = sqliteTable(
  'keys',
  {
    id: text('id').primaryKey(),
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id),
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    secret: blob('secret', { mode: 'buffer' }).notNull(),
    masked: text('masked').notNull(),
    notes: text('notes'),
    baseUrl: text('base_url'),
    expiresAt: integer('expires_at', { mode: 'number' }),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
    usageCount: integer('usage_count', { mode: 'number' }).notNull().default(0),
    lastUsedAt: integer('last_used_at', { mode: 'number' }),
    deletedAt: integer('deleted_at', { mode: 'number' }),
    // A rotation keeps the replaced value's masked form and when it was replaced, never its value.
    previousMasked: text('previous_masked'),
    rotatedAt: integer('rotated_at', { mode: 'number' }),
    // Null only for rows written before 0006, until the next unlock fills it in.
    fingerprint: blob('fingerprint', { mode: 'buffer' }),
  },
  (t) => [
    uniqueIndex('keys_live_name_unique')
      .on(t.hubId, t.provider, t.name)
      .where(sql`${t.deletedAt} IS NULL`),
    index('keys_expires_at_idx').on(t.expiresAt),
    // The endpoint looks keys up by provider and name across hubs on every request.
    index('keys_live_provider_name_idx')
      .on(t.provider, t.name)
      .where(sql`${t.deletedAt} IS NULL`),
    index('keys_fingerprint_idx').on(t.fingerprint),
  ],
);

export type KeyRow = typeof keys.$inferSelect;
