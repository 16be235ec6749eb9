// Daily encrypted backups of the vault database, taken on unlock, so a damaged file is never a total
// loss. The copy is the encrypted file itself after a WAL checkpoint (SQLite's backup API would write
// an unencrypted copy). Restoring keeps the damaged file aside instead of deleting it.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { VaultPaths } from './paths.js';

const KEEP = 5;

function day(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function listBackups(paths: VaultPaths): string[] {
  if (!existsSync(paths.backups)) return [];
  return readdirSync(paths.backups)
    .filter((f) => /^vault-\d{4}-\d{2}-\d{2}\.db$/.test(f))
    .sort();
}

/** The newest backup's full path, or null when none was taken yet. */
export function newestBackup(paths: VaultPaths): string | null {
  const latest = listBackups(paths).at(-1);
  return latest === undefined ? null : join(paths.backups, latest);
}

/** What a person does about a damaged database: the backup to restore and the command that does it. */
export function restoreAdvice(paths: VaultPaths): string {
  const latest = newestBackup(paths);
  return latest === null
    ? 'There is no backup to restore yet; keep the file and the header for recovery.'
    : `The newest backup is ${latest}: restore it with \`aikey restore\` or Restore in the app (the damaged file is kept).`;
}

export function backupDatabase(sqlite: Database.Database, paths: VaultPaths, now: number): string | null {
  const name = `vault-${day(now)}.db`;
  if (listBackups(paths).includes(name)) return null;
  mkdirSync(paths.backups, { recursive: true, mode: 0o700 });
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const target = join(paths.backups, name);
  copyFileSync(paths.database, `${target}.tmp`);
  chmodSync(`${target}.tmp`, 0o600);
  renameSync(`${target}.tmp`, target);
  for (const old of listBackups(paths).slice(0, -KEEP)) rmSync(join(paths.backups, old));
  return name;
}

export function restoreLatestBackup(paths: VaultPaths, now: number): string | null {
  const latest = listBackups(paths).at(-1);
  if (!latest) return null;
  if (existsSync(paths.database)) renameSync(paths.database, `${paths.database}.damaged-${now}`);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(`${paths.database}${suffix}`))
      renameSync(`${paths.database}${suffix}`, `${paths.database}${suffix}.damaged-${now}`);
  }
  copyFileSync(join(paths.backups, latest), paths.database);
  chmodSync(paths.database, 0o600);
  return latest;
}
