// Sealed items: id, revision, ciphertext, tombstone flag and timestamps. No provider, no key name,
// no value: the wallet seals all of that before it leaves the device.
import { bigint, boolean, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { hubs } from './hubs.js';

export const items = pgTable(
  'items',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id),
    id: uuid('id').notNull(),
    revision: integer('revision').notNull(),
    ciphertext: text('ciphertext').notNull(),
    deleted: boolean('deleted').notNull(),
    keyVersion: integer('key_version').notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    updatedBy: text('updated_by').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.id] }), uniqueIndex('items_hub_seq_idx').on(t.hubId, t.seq)],
);

export type ItemRow = typeof items.$inferSelect;
