// A hub groups keys: the Personal hub exists from vault creation; team hubs use the same table.
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

export const hubs = sqliteTable('hubs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['personal', 'team'] }).notNull(),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
});

export type HubRow = typeof hubs.$inferSelect;
