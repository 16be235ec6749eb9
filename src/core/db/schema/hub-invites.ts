// Invite secrets this wallet handed out, sealed (AAD: hub id + invite id), kept only to check a
// joiner's proof before approving it; removed once used.
import { sqliteTable, text, integer, blob } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const hubInvites = sqliteTable('hub_invites', {
  inviteId: text('invite_id').primaryKey(),
  hubId: text('hub_id')
    .notNull()
    .references(() => hubs.id, { onDelete: 'cascade' }),
  role: text('role', { enum: ['admin', 'member'] }).notNull(),
  secretSealed: blob('secret_sealed', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
});
