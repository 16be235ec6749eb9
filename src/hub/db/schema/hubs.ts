// A team hub. `seq` is the hub's change counter: every item write takes the next value while holding
// this row's lock, so seq order is commit order and a pull by cursor never skips a late commit.
import { bigint, integer, pgTable, text } from 'drizzle-orm/pg-core';

export const hubs = pgTable('hubs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** null until the owner's wallet uploads hub key v1. */
  currentKeyVersion: integer('current_key_version'),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export type HubRow = typeof hubs.$inferSelect;
