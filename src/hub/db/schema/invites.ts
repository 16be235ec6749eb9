// Invites: single use and expiring. Only the SHA-256 of the secret is kept, so the hub (or anyone
// reading its database) cannot join with an invite, nor forge a joiner's proof.
import { bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.js';
import { hubs } from './hubs.js';

export const invites = pgTable('invites', {
  id: text('id').primaryKey(),
  hubId: text('hub_id')
    .notNull()
    .references(() => hubs.id),
  role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull(),
  secretHash: bytea('secret_hash').notNull(),
  /** null for the owner invite printed by `aikey-hub init`. */
  createdBy: text('created_by'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  usedAt: bigint('used_at', { mode: 'number' }),
  usedBy: text('used_by'),
});

export type InviteRow = typeof invites.$inferSelect;
