// One row whose version moves, by trigger, whenever a token or a token's policy changes in a way
// the endpoint could answer differently: any insert or delete, and any update except the use counts
// the bookkeeping worker writes (use_count, last_used_at). The endpoint's token caches watch it
// instead of `PRAGMA data_version`, which also moves on every bookkeeping commit
// (src/core/db/change-watch.ts). The triggers live in the migration (tokens 0004);
// test/core/db/content-version.test.ts checks they name every column.
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

export const contentVersion = sqliteTable('content_version', {
  id: integer('id').primaryKey(),
  version: integer('version', { mode: 'number' }).notNull(),
});
