// Members this wallet removed from a team hub, or saw removed or gone. A hub that later lists one
// of them as active again is lying (or was told to by someone who holds its database): the member
// stays gone here, never verified and never given a hub key, whatever the hub says.
import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const hubRemovedMembers = sqliteTable(
  'hub_removed_members',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    removedAt: integer('removed_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.memberId] })],
);
