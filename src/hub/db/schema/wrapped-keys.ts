// The hub key, once per member and version, wrapped for that member's X25519 key by a wallet, with
// the Ed25519 signature of the admin or owner who wrapped it. The hub cannot unwrap it (it never
// sees a private key) nor forge one (it holds no signing key a wallet trusts).
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
    /** null only for wraps stored before wraps were signed (migration 0001). */
    signature: text('signature'),
    signedBy: text('signed_by'),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.keyVersion] })],
);

export type WrappedKeyRow = typeof wrappedKeys.$inferSelect;
