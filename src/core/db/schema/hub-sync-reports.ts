// What a sync found wrong with a hub: tampered ciphertext, a rolled-back item, a swapped or
// unverifiable member key. Reported, never applied. Holds ids and words, never a secret.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const hubSyncReports = sqliteTable(
  'hub_sync_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'number' }).notNull(),
    kind: text('kind', {
      enum: ['tampered', 'rollback', 'swapped_key', 'unverified_member', 'bad_proof'],
    }).notNull(),
    itemId: text('item_id'),
    memberId: text('member_id'),
    detail: text('detail').notNull(),
  },
  (t) => [index('hub_sync_reports_hub_idx').on(t.hubId, t.at)],
);

export type HubSyncReportRow = typeof hubSyncReports.$inferSelect;
