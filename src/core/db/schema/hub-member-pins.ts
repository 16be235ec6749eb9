// Member public keys this wallet has verified (signature chain back to its pinned signer key).
// Once pinned, a member whose keys the hub later presents differently is a swapped key: refused
// and reported, never wrapped to.
import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { hubs } from './hubs.js';

export const hubMemberPins = sqliteTable(
  'hub_member_pins',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    deviceName: text('device_name').notNull(),
    encPub: text('enc_pub').notNull(),
    signPub: text('sign_pub').notNull(),
    pinnedAt: integer('pinned_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.memberId] })],
);
