// Hub keys a team hub's items are sealed under, one row per key version, each sealed on its own
// with the vault's sealing key (AAD: hub id + key version). Older versions stay until every item
// is re-sealed, so nothing becomes unreadable mid-rotation.
import { sqliteTable, text, integer, blob, primaryKey } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const hubKeys = sqliteTable(
  'hub_keys',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    keyVersion: integer('key_version', { mode: 'number' }).notNull(),
    sealed: blob('sealed', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.keyVersion] })],
);
