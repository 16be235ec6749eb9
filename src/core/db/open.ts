// Opens the vault database: whole-file encryption (SQLite3MultipleCiphers, ChaCha20-Poly1305) keyed
// with a raw 256-bit key derived from the vault key, never the library's own password KDF.
// `PRAGMA key` answers "ok" even for a wrong key, so the key is proven by reading sqlite_master
// before anything else runs. Cipher pragmas are issued before any transaction. Migrations run here,
// on unlock, before any reader sees the database.
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { trackConnection } from './change-watch.js';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AikeyError } from '#shared/errors.js';
import * as schema from './schema/index.js';

export type VaultDb = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: VaultDb;
}

/** Finds drizzle/ beside the source tree, the bundle (out/), or a packaged app's resources. */
export function defaultMigrationsFolder(): string {
  const candidates: string[] = [];
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(join(resources, 'drizzle'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    candidates.push(join(dir, 'drizzle'));
    dir = dirname(dir);
  }
  const found = candidates.find((c) => existsSync(join(c, 'meta', '_journal.json')));
  if (!found) throw new AikeyError('Internal', 'The vault migrations folder (drizzle/) was not found.');
  return found;
}

/** SQLite gives the -wal and -shm files the main file's mode, so making it 0600 first covers all. */
export function createPrivateFile(file: string): void {
  if (process.platform === 'win32') return;
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function keyDatabase(sqlite: Database.Database, dbKey: Uint8Array): void {
  sqlite.pragma(`cipher = 'chacha20'`);
  sqlite.pragma(`key = "x'${Buffer.from(dbKey).toString('hex')}'"`);
}

/**
 * Reads every page once (quick_check: each page's cipher tag and the b-tree structure), so damage is
 * found at unlock, not at the first unlucky read; and refuses a database that holds no vault tables.
 */
function assertWholeAndOurs(sqlite: Database.Database): void {
  let verdict: unknown[];
  try {
    verdict = sqlite.pragma('quick_check', { simple: false }) as unknown[];
  } catch (cause) {
    throw new AikeyError('VaultCorrupt', 'The vault database is damaged: a page does not read back.', {
      cause,
    });
  }
  const first = verdict[0] as { quick_check?: unknown } | undefined;
  if (verdict.length !== 1 || first?.quick_check !== 'ok') {
    throw new AikeyError('VaultCorrupt', 'The vault database is damaged: its integrity check failed.');
  }
  const ours = sqlite
    .prepare(
      `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('keys', '__drizzle_migrations')`,
    )
    .get() as { n: number };
  if (ours.n !== 2) {
    throw new AikeyError('VaultCorrupt', 'The vault database holds no vault: it was replaced or emptied.');
  }
}

export function openDatabase(
  file: string,
  dbKey: Uint8Array,
  options: { migrationsFolder: string; create: boolean },
): OpenedDatabase {
  if (!options.create && !existsSync(file)) {
    throw new AikeyError('VaultCorrupt', 'The vault database file is missing.');
  }
  // Beside an existing header, an empty file is a lost database, never a reason to start afresh.
  if (!options.create && statSync(file).size === 0) {
    throw new AikeyError('VaultCorrupt', 'The vault database file is empty.');
  }
  if (options.create) createPrivateFile(file);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { fileMustExist: !options.create });
  } catch (cause) {
    throw new AikeyError('VaultCorrupt', 'The vault database could not be opened.', { cause });
  }
  try {
    keyDatabase(sqlite, dbKey);
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (cause) {
    sqlite.close();
    throw new AikeyError(
      'VaultCorrupt',
      'The vault database does not open with this vault key: it is damaged or belongs to another vault.',
      { cause },
    );
  }
  if (!options.create) {
    try {
      assertWholeAndOurs(sqlite);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: options.migrationsFolder });
  trackConnection(sqlite);
  return { sqlite, db };
}

/** Names of the migrations in a folder, in order (for tests and diagnostics). */
export function migrationTags(migrationsFolder: string): string[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}
