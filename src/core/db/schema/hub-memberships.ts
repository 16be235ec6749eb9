// This wallet's membership in a team hub: where the hub is, who we are there, our device token
// (sealed), the hub-key version items are sealed under, the pull cursor and the sync status. The
// hub id is the id of the local hubs row (kind 'team'), so keys, tokens and scopes use one id.
import { sqliteTable, text, integer, blob } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const hubMemberships = sqliteTable('hub_memberships', {
  hubId: text('hub_id')
    .primaryKey()
    .references(() => hubs.id, { onDelete: 'cascade' }),
  hubUrl: text('hub_url').notNull(),
  memberId: text('member_id').notNull(),
  role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull(),
  deviceTokenSealed: blob('device_token_sealed', { mode: 'buffer' }).notNull(),
  /** 0 until a hub key reaches this device. */
  currentKeyVersion: integer('current_key_version', { mode: 'number' }).notNull().default(0),
  /** The Ed25519 key this wallet trusts first: the inviter's from the invite code, or its own. */
  pinnedSignerKey: text('pinned_signer_key').notNull(),
  /**
   * The owner's Ed25519 key from the invite code, trusted beside the inviter's, so a member invited
   * by an admin verifies the owner too. null for codes that did not carry it.
   */
  pinnedOwnerKey: text('pinned_owner_key'),
  cursor: integer('cursor', { mode: 'number' }).notNull().default(0),
  status: text('status', { enum: ['pending', 'active'] }).notNull(),
  joinedAt: integer('joined_at', { mode: 'number' }).notNull(),
  lastSyncAt: integer('last_sync_at', { mode: 'number' }),
  /** The last sync failure in words (never a secret), or null after a good sync. */
  lastError: text('last_error'),
});

export type HubMembershipRow = typeof hubMemberships.$inferSelect;
