// The content_version row (vault 0007, tokens 0004) is what the endpoint's caches watch: it must move
// on every change that could change what the endpoint serves, and must not move on the use counts
// the bookkeeping worker writes, or every bookkeeping commit would empty the caches again. These
// tests step real databases through the migrations, seed rows the way the older app wrote them, and
// check both, plus that the triggers name every column a future migration adds (but the counts).
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  databaseAt,
  insertRows,
  KEY_ROW_0005,
  migrateTo,
  PERSONAL_HUB_ROW,
  tableRows,
  tokenRow,
} from '../migration-steps.js';

const version = (db: Database.Database) =>
  db.prepare('SELECT version FROM content_version WHERE id = 1').pluck().get() as number;

/** Runs one statement at a time and says whether it moved the version. */
function versionWatch(db: Database.Database): (sql: string) => boolean {
  let seen = version(db);
  return (sql) => {
    db.prepare(sql).run();
    const now = version(db);
    const moved = now !== seen;
    seen = now;
    return moved;
  };
}

/** The columns the AFTER UPDATE OF trigger on `table` names, from its SQL. */
function triggerColumns(db: Database.Database, table: string): string[] {
  const sql = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
    .pluck()
    .get(`${table}_content_update`) as string;
  const list = /UPDATE OF (.*?) ON/s.exec(sql)?.[1] ?? '';
  return list.split(',').map((c) => c.trim().replace(/`/g, ''));
}

const columns = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).sort();

const KEY = { ...KEY_ROW_0005, fingerprint: null };
const TOKEN = { ...tokenRow('tokenlive234', 'cv-git'), ask_before_use: 0 };

describe('vault 0007_content_version', () => {
  it('keeps a 0006 vault as it was and starts the version at 0', () => {
    const db = databaseAt('vault', '0006_key_fingerprint');
    insertRows(db, 'hubs', [PERSONAL_HUB_ROW]);
    insertRows(db, 'keys', [KEY]);
    migrateTo(db, 'vault', '0007_content_version');
    expect(tableRows(db, 'keys')).toEqual([KEY]);
    expect(version(db)).toBe(0);
  });

  it('moves on any change to a key or a hub, and not on use counts', () => {
    const db = databaseAt('vault', '0007_content_version');
    insertRows(db, 'hubs', [PERSONAL_HUB_ROW]);
    insertRows(db, 'keys', [KEY]);
    expect(version(db)).toBe(2);
    const moves = versionWatch(db);
    expect(moves('UPDATE keys SET usage_count = usage_count + 5, last_used_at = 9000')).toBe(false);
    expect(moves("UPDATE keys SET secret = x'00'")).toBe(true);
    expect(moves("UPDATE keys SET name = 'work'")).toBe(true);
    expect(moves('UPDATE keys SET expires_at = 5')).toBe(true);
    expect(moves('UPDATE keys SET deleted_at = 6')).toBe(true);
    expect(moves("UPDATE hubs SET name = 'Mine'")).toBe(true);
    expect(moves('DELETE FROM keys')).toBe(true);
  });

  it("names every column of keys but the use counts, so a new column can't be missed", () => {
    const db = databaseAt('vault', '0007_content_version');
    const counted = columns(db, 'keys').filter((c) => c !== 'usage_count' && c !== 'last_used_at');
    expect(triggerColumns(db, 'keys').sort()).toEqual(counted);
  });
});

describe('tokens 0004_content_version', () => {
  it('keeps a 0003 database as it was and starts the version at 0', () => {
    const db = databaseAt('tokens', '0003_ask_before_use');
    insertRows(db, 'access_tokens', [TOKEN]);
    migrateTo(db, 'tokens', '0004_content_version');
    expect(tableRows(db, 'access_tokens')).toEqual([TOKEN]);
    expect(version(db)).toBe(0);
  });

  it('moves on any change to a token or a policy, and not on use counts or the call log', () => {
    const db = databaseAt('tokens', '0004_content_version');
    insertRows(db, 'access_tokens', [TOKEN]);
    const moves = versionWatch(db);
    expect(moves('UPDATE access_tokens SET use_count = use_count + 3, last_used_at = 7000')).toBe(false);
    expect(
      moves(
        `INSERT INTO broker_calls (at, token_id, token_name, key_name, provider, method, status, duration_ms, streamed)
         VALUES (1, 'tokenlive234', 'cv-git', 'default', 'openai', 'POST', 200, 5, 0)`,
      ),
    ).toBe(false);
    expect(moves('UPDATE access_tokens SET revoked_at = 5000')).toBe(true);
    expect(moves(`UPDATE access_tokens SET scope_providers = '["openai"]'`)).toBe(true);
    expect(moves('UPDATE access_tokens SET ask_before_use = 1')).toBe(true);
    expect(
      moves(`INSERT INTO token_policies (token_id, policy, updated_at) VALUES ('tokenlive234', '{}', 1)`),
    ).toBe(true);
    expect(moves(`UPDATE token_policies SET policy = '{"requestsPerMinute":1}'`)).toBe(true);
    expect(moves('DELETE FROM token_policies')).toBe(true);
  });

  it("names every column of access_tokens but the use counts, so a new column can't be missed", () => {
    const db = databaseAt('tokens', '0004_content_version');
    const counted = columns(db, 'access_tokens').filter((c) => c !== 'use_count' && c !== 'last_used_at');
    expect(triggerColumns(db, 'access_tokens').sort()).toEqual(counted);
  });
});
