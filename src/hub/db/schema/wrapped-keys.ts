// The hub key, once per member and version, wrapped for that member's X25519 key by a wallet. The
// hub cannot unwrap it: it never sees a private key.
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { hubs } from './hubs.js';
import { members } from './members.js';

export const wrappedKeys = pgTable(
  'wrapped_keys',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    keyVersion: integer('key_version').notNull(),
    blob: text('blob').notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.keyVersion] })],
);

export type WrappedKeyRow = typeof wrappedKeys.$inferSelect;
