// One row whose version moves, by trigger, whenever a key or a hub changes in a way the endpoint
// could serve differently: any insert or delete, and any update except the use counts the
// bookkeeping worker writes (usage_count, last_used_at). The endpoint's caches watch it instead of
// `PRAGMA data_version`, which also moves on every bookkeeping commit and made each of them start
// over 20 times a second under load (src/core/db/change-watch.ts). The triggers live in the
// migration (0007); test/core/db/content-version.test.ts checks they name every column.
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

export const contentVersion = sqliteTable('content_version', {
  id: integer('id').primaryKey(),
  version: integer('version', { mode: 'number' }).notNull(),
});
