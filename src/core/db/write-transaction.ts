// Every write transaction takes the write lock up front (BEGIN IMMEDIATE). A deferred transaction
// that reads first and then writes cannot be saved by the busy timeout once another process has
// committed in between (SQLITE_BUSY_SNAPSHOT), so concurrent CLI processes, `aikey serve` and the
// desktop would fail each other's writes. IMMEDIATE waits (busy_timeout, bounded) for the lock
// instead; if the wait runs out the edges report VaultBusy ("try again"), see storage-errors.ts.
import type Database from 'better-sqlite3';

export function writeTransaction<T>(sqlite: Database.Database, fn: () => T): T {
  return sqlite.transaction(fn).immediate();
}
