// The endpoint caches token rows and sealed key rows between requests; these tests pin down that the
// cache empties on every write, from this connection or from another process's connection, so a
// revoked token or a deleted key is never served from memory.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  OTHER_PROCESS_WINDOW_MS,
  StampedCache,
  trackConnection,
  watchChanges,
} from '#core/db/change-watch.js';
import { tempDir } from '../../helpers/temp-wallet.js';

function openPair() {
  const file = join(tempDir(), 'watch.db');
  const mine = new Database(file);
  mine.pragma('journal_mode = WAL');
  mine.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  mine.prepare('INSERT INTO t (id, v) VALUES (1, ?)').run('first');
  const other = new Database(file);
  return { mine, other, close: () => (mine.close(), other.close()) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('StampedCache', () => {
  it('serves from memory until another process commits, and reloads within the window after', async () => {
    // `other` is not tracked, as a connection in another process (the CLI) is not.
    const { mine, other, close } = openPair();
    const read = mine.prepare('SELECT v FROM t WHERE id = 1').pluck();
    const cache = new StampedCache<string>(watchChanges(mine));
    let loads = 0;
    const get = () => cache.get('1', () => (loads++, read.get() as string));
    expect(get()).toBe('first');
    expect(get()).toBe('first');
    expect(loads).toBe(1);
    other.prepare('UPDATE t SET v = ? WHERE id = 1').run('second');
    await pause(OTHER_PROCESS_WINDOW_MS + 5);
    expect(get()).toBe('second');
    expect(loads).toBe(2);
    close();
  });

  it('sees a commit by another tracked connection of this process at once', () => {
    const { mine, other, close } = openPair();
    trackConnection(other);
    const read = mine.prepare('SELECT v FROM t WHERE id = 1').pluck();
    const cache = new StampedCache<string>(watchChanges(mine));
    expect(cache.get('1', () => read.get() as string)).toBe('first');
    other.prepare('UPDATE t SET v = ? WHERE id = 1').run('second');
    expect(cache.get('1', () => read.get() as string)).toBe('second');
    close();
  });

  it('still sees writes after another tracked connection closes (its count leaves the sum)', () => {
    const { mine, other } = openPair();
    trackConnection(other);
    other.prepare('UPDATE t SET v = ? WHERE id = 1').run('by other');
    const read = mine.prepare('SELECT v FROM t WHERE id = 1').pluck();
    const cache = new StampedCache<string>(watchChanges(mine));
    expect(cache.get('1', () => read.get() as string)).toBe('by other');
    other.close();
    // The sum drops by the closed connection's one change; this write brings it back to the same
    // figure, which must not read as "nothing changed".
    mine.prepare('UPDATE t SET v = ? WHERE id = 1').run('mine');
    expect(cache.get('1', () => read.get() as string)).toBe('mine');
    mine.close();
  });

  it('reloads after a write on its own connection', () => {
    const { mine, close } = openPair();
    const read = mine.prepare('SELECT v FROM t WHERE id = 1').pluck();
    const cache = new StampedCache<string>(watchChanges(mine));
    expect(cache.get('1', () => read.get() as string)).toBe('first');
    mine.prepare('UPDATE t SET v = ? WHERE id = 1').run('mine');
    expect(cache.get('1', () => read.get() as string)).toBe('mine');
    close();
  });

  it('stays bounded when flooded with distinct keys', () => {
    const { mine, close } = openPair();
    const cache = new StampedCache<number>(watchChanges(mine), 8);
    for (let i = 0; i < 100; i += 1) cache.get(String(i), () => i);
    let reloaded = false;
    cache.get('0', () => ((reloaded = true), 0));
    expect(reloaded).toBe(true);
    close();
  });
});
