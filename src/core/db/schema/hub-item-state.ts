// What this wallet last saw of each team-hub item: its revision (a lower one later is a rollback),
// key version, and whether it is a tombstone (a tombstoned id is never re-created). The item id is
// the local key id.
import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const hubItemState = sqliteTable(
  'hub_item_state',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    revision: integer('revision', { mode: 'number' }).notNull(),
    keyVersion: integer('key_version', { mode: 'number' }).notNull(),
    deleted: integer('deleted', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.itemId] })],
);
