// The content_version row (vault 0007, tokens 0004) is what the endpoint's caches watch: it must move
// on every change that could change what the endpoint serves, and must not move on the use counts
// the bookkeeping worker writes, or every bookkeeping commit would empty the caches again. These
// tests step real databases through the migrations, seed rows the way the older app wrote them, and
// check both, plus that the triggers name every column a future migration adds (but the counts).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseAt, insertRows, migrateTo, tableRows } from './migration-steps.js';

const version = (db: Database.Database) =>
  db.prepare('SELECT version FROM content_version WHERE id = 1').pluck().get() as number;

/** The columns an AFTER UPDATE OF trigger on `table` names, from its SQL. */
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

const KEY = {
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
  fingerprint: null,
};

describe('vault 0007_content_version', () => {
  it('keeps a 0006 vault as it was and starts the version at 0', () => {
    const db = databaseAt('vault', '0006_key_fingerprint');
    insertRows(db, 'hubs', [{ id: 'hub-personal', name: 'Personal', kind: 'personal', created_at: 1_000 }]);
    insertRows(db, 'keys', [KEY]);
    migrateTo(db, 'vault', '0007_content_version');
    expect(tableRows(db, 'keys')).toEqual([KEY]);
    expect(version(db)).toBe(0);
  });

  it('moves on any change to a key or a hub, and not on use counts', () => {
    const db = databaseAt('vault', '0007_content_version');
    insertRows(db, 'hubs', [{ id: 'hub-personal', name: 'Personal', kind: 'personal', created_at: 1_000 }]);
    insertRows(db, 'keys', [KEY]);
    let seen = version(db);
    const moves = (sql: string) => {
      db.prepare(sql).run();
      const now = version(db);
      const moved = now !== seen;
      seen = now;
      return moved;
    };
    expect(seen).toBe(2);
    expect(
      moves("UPDATE keys SET usage_count = usage_count + 5, last_used_at = 9000 WHERE id = 'key-1'"),
    ).toBe(false);
    expect(moves("UPDATE keys SET secret = x'00' WHERE id = 'key-1'")).toBe(true);
    expect(moves("UPDATE keys SET name = 'work' WHERE id = 'key-1'")).toBe(true);
    expect(moves("UPDATE keys SET expires_at = 5 WHERE id = 'key-1'")).toBe(true);
    expect(moves("UPDATE keys SET deleted_at = 6 WHERE id = 'key-1'")).toBe(true);
    expect(moves("UPDATE hubs SET name = 'Mine' WHERE id = 'hub-personal'")).toBe(true);
    expect(moves("DELETE FROM keys WHERE id = 'key-1'")).toBe(true);
  });

  it("names every column of keys but the use counts, so a new column can't be missed", () => {
    const db = databaseAt('vault', '0007_content_version');
    const counted = columns(db, 'keys').filter((c) => c !== 'usage_count' && c !== 'last_used_at');
    expect(triggerColumns(db, 'keys').sort()).toEqual(counted);
  });
});

describe('tokens 0004_content_version', () => {
  const token = {
    id: 'tokenlive234',
    name: 'cv-git',
    secret_hash: createHash('sha256').update('aik_tokenlive234_secret').digest(),
    scope_hubs: null,
    scope_providers: null,
    scope_key_names: null,
    expires_at: null,
    created_at: 1_000,
    regenerated_at: null,
    last_used_at: null,
    use_count: 0,
    revoked_at: null,
    ask_before_use: 0,
  };

  it('keeps a 0003 database as it was and starts the version at 0', () => {
    const db = databaseAt('tokens', '0003_ask_before_use');
    insertRows(db, 'access_tokens', [token]);
    migrateTo(db, 'tokens', '0004_content_version');
    expect(tableRows(db, 'access_tokens')).toEqual([token]);
    expect(version(db)).toBe(0);
  });

  it('moves on any change to a token or a policy, and not on use counts or the call log', () => {
    const db = databaseAt('tokens', '0004_content_version');
    insertRows(db, 'access_tokens', [token]);
    let seen = version(db);
    const moves = (sql: string) => {
      db.prepare(sql).run();
      const now = version(db);
      const moved = now !== seen;
      seen = now;
      return moved;
    };
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
