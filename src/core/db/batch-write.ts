// Batched bookkeeping writes (read counts, read audit entries) that must not stall the endpoint's
// event loop on an fsync. Never use it for a change the user made: those keep synchronous=FULL.
import type Database from 'better-sqlite3';
import { writeTransaction } from './write-transaction.js';

/**
 * Runs one transaction with synchronous=NORMAL, then restores FULL. In WAL mode the commit still
 * survives the process being killed; only an OS crash or power loss can drop the last batch of read
 * counts and read audit entries. That is the price of keeping an fsync off the endpoint's event loop,
 * where it stalled every request behind it. Key and token changes keep synchronous=FULL.
 */
export function withoutFsync(sqlite: Database.Database, write: () => void): void {
  sqlite.pragma('synchronous = NORMAL');
  try {
    writeTransaction(sqlite, write);
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}
