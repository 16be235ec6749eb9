// The shape of Signal-Desktop's migration tests (ts/test-node/sql/helpers.node.ts): open a database
// at migration N-1, seed rows with raw SQL the way the older app wrote them, step to N, read the rows
// back. A step runs drizzle's own migrator over a copy of the folder whose journal stops at the wanted
// tag, so a test runs exactly what an upgrade runs. The databases are plain SQLite in memory: the
// migrations never depend on the vault's cipher key.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { onTestFinished } from 'vitest';
import { defaultMigrationsFolder } from '#core/db/open.js';

/** The vault database (drizzle/) or the access-token database (drizzle/tokens/). */
export type MigrationSet = 'vault' | 'tokens';
export type Row = Record<string, unknown>;

export function migrationsFolder(set: MigrationSet): string {
  const vault = defaultMigrationsFolder();
  return set === 'vault' ? vault : join(vault, 'tokens');
}

/** Applies the migrations of `set` up to and including `tag`, and none after it. */
export function migrateTo(sqlite: Database.Database, set: MigrationSet, tag: string): void {
  const source = migrationsFolder(set);
  const journal = JSON.parse(readFileSync(join(source, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const last = journal.entries.findIndex((entry) => entry.tag === tag);
  if (last < 0) throw new Error(`No ${set} migration is tagged ${tag}.`);
  journal.entries = journal.entries.slice(0, last + 1);
  const folder = mkdtempSync(join(tmpdir(), 'aikey-migrations-'));
  try {
    mkdirSync(join(folder, 'meta'));
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
    for (const entry of journal.entries) {
      copyFileSync(join(source, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
    }
    migrate(drizzle(sqlite), { migrationsFolder: folder });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A fresh database migrated up to `tag`, with foreign keys on as in the app; closed after the test. */
export function databaseAt(set: MigrationSet, tag: string): Database.Database {
  const sqlite = new Database(':memory:');
  onTestFinished(() => void sqlite.close());
  sqlite.pragma('foreign_keys = ON');
  migrateTo(sqlite, set, tag);
  return sqlite;
}

export function insertRows(sqlite: Database.Database, table: string, rows: readonly Row[]): void {
  for (const row of rows) {
    const columns = Object.keys(row);
    sqlite
      .prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
         VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      )
      .run(row);
  }
}

/** Every row of `table` with every column, in insertion order. */
export function tableRows(sqlite: Database.Database, table: string): Row[] {
  return sqlite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Row[];
}

/** The Personal hub as every vault migration since 0000 stores it. */
export const PERSONAL_HUB_ROW = { id: 'hub-personal', name: 'Personal', kind: 'personal', created_at: 1_000 };

/** A key row as a 0005 vault wrote it (no fingerprint column yet), in PERSONAL_HUB_ROW. */
export const KEY_ROW_0005 = {
  id: 'key-1',
  hub_id: 'hub-personal',
  provider: 'openai',
  name: 'default',
  secret: Buffer.from('sealed value'),
  masked: 'sk-proj-…Q9z0',
  notes: null,
  base_url: null,
  expires_at: null,
  created_at: 1_000,
  updated_at: 2_000,
  usage_count: 3,
  last_used_at: 1_500,
  deleted_at: null,
  previous_masked: null,
  rotated_at: null,
};

/** An access token row as tokens 0000 wrote it, with `changes` on top. */
export function tokenRow(id: string, name: string, changes: Record<string, unknown> = {}) {
  return {
    id,
    name,
    secret_hash: createHash('sha256').update(`aik_${id}_secret`).digest(),
    scope_hubs: null,
    scope_providers: null,
    scope_key_names: null,
    expires_at: null,
    created_at: 1_000,
    regenerated_at: null,
    last_used_at: null,
    use_count: 0,
    revoked_at: null,
    ...changes,
  };
}
