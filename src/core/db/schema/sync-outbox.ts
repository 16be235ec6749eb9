// Local changes to team-hub keys waiting to reach the hub. One row per item: the payload is read
// from the keys table at push time, so the outbox never holds a secret of its own.
import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const syncOutbox = sqliteTable(
  'sync_outbox',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    queuedAt: integer('queued_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.itemId] })],
);
