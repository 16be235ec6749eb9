// One row per membership (a device in a hub). Holds public keys and the inviter's signature only;
// the device token is kept as its SHA-256, never in clear. Removed members stay, so their token can
// be answered with 401 member_removed and wallets can still check old signatures.
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.js';
import { hubs } from './hubs.js';

export const members = pgTable(
  'members',
  {
    id: text('id').primaryKey(),
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id),
    role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull(),
    status: text('status', { enum: ['pending', 'active', 'removed', 'left'] }).notNull(),
    deviceName: text('device_name').notNull(),
    encPub: text('enc_pub').notNull(),
    signPub: text('sign_pub').notNull(),
    proof: text('proof').notNull(),
    signature: text('signature'),
    signedBy: text('signed_by'),
    invitedBy: text('invited_by'),
    tokenHash: bytea('token_hash').notNull(),
    joinedAt: bigint('joined_at', { mode: 'number' }).notNull(),
    removedAt: bigint('removed_at', { mode: 'number' }),
  },
  (t) => [index('members_hub_idx').on(t.hubId)],
);

export type MemberRow = typeof members.$inferSelect;
