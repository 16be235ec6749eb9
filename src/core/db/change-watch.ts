// Tells a hot-path cache when its database may have changed, so a cache checked against it never
// serves a revoked token or a deleted key for longer than the window below. Holds no data itself.
//
// Two counters make the stamp. total_changes() moves the moment a connection writes and costs about
// 0.15 µs, so the stamp sums it over every connection this process has open (the vault's, the
// tokens database's, a second wallet's in tests): a write made in this process is seen by the very
// next read. A version read from the database tells of commits by other connections: another
// process (the CLI), and the bookkeeping worker. It takes the database's read lock (about 5 µs under
// load; one endpoint request used to read it a dozen times), so it is read again only once it is
// older than OTHER_PROCESS_WINDOW_MS: a token revoked or a key deleted by another process stops
// being served within that millisecond. watchChanges() reads `PRAGMA data_version`, which moves on
// every commit; watchContent() reads the `content_version` row, which moves only when what the
// endpoint serves may differ, so the worker's bookkeeping commits do not empty the caches.
import type Database from 'better-sqlite3';

export const OTHER_PROCESS_WINDOW_MS = 1;

export interface ChangeWatch {
  /** An opaque stamp that differs whenever anything may have been written since the last one. */
  stamp(): string;
  /**
   * The same test without building a string (caches run it several times per request): whether
   * the counters differ from those in `seen`, which it then updates.
   */
  moved(seen: Float64Array): boolean;
}

/** Room for the counters moved() compares (one per cache). */
export function unseenCounters(): Float64Array {
  return new Float64Array([Number.NaN, Number.NaN, Number.NaN]);
}

interface Counters {
  totalChanges: () => number;
}

const counters = new Map<Database.Database, Counters>();
/** Moves when a connection is added or forgotten, so a smaller sum can never repeat an older one. */
let generation = 0;

/**
 * Counts this connection's writes in every stamp of this process. Called once the connection is
 * keyed and readable (a statement cannot be prepared on a vault database before that).
 */
export function trackConnection(sqlite: Database.Database): void {
  if (counters.has(sqlite)) return;
  const statement = sqlite.prepare('SELECT total_changes()').pluck();
  counters.set(sqlite, { totalChanges: () => statement.get() as number });
  generation += 1;
}

/** Writes by every open connection of this process so far (closed ones are forgotten). */
function writesInThisProcess(): number {
  let sum = 0;
  for (const [sqlite, counter] of counters) {
    // A closed connection throws here: asking `sqlite.open` first would cost as much as the query.
    try {
      sum += counter.totalChanges();
    } catch {
      counters.delete(sqlite);
      generation += 1;
    }
  }
  return sum;
}

/** Any commit by another connection: data_version (the desktop's change notices use this). */
export function watchChanges(sqlite: Database.Database): ChangeWatch {
  return watchVersion(sqlite, versionReader(sqlite, 'PRAGMA data_version', dataVersions));
}

/**
 * What the endpoint could serve differently: the `content_version` row, which triggers move on any
 * change to keys, hubs, tokens or policies but not on the use counts the bookkeeping worker writes
 * (src/core/db/schema/content-version.ts). For databases migrated to vault 0007 / tokens 0004.
 */
export function watchContent(sqlite: Database.Database): ChangeWatch {
  const sql = 'SELECT version FROM content_version WHERE id = 1';
  return watchVersion(sqlite, versionReader(sqlite, sql, contentVersions));
}

/** One read of a version per connection per window, shared by every cache watching it. */
interface VersionReader {
  read: () => number;
  value: number;
  readAt: number;
}

const dataVersions = new WeakMap<Database.Database, VersionReader>();
const contentVersions = new WeakMap<Database.Database, VersionReader>();

function versionReader(
  sqlite: Database.Database,
  sql: string,
  readers: WeakMap<Database.Database, VersionReader>,
): VersionReader {
  let reader = readers.get(sqlite);
  if (reader === undefined) {
    const statement = sqlite.prepare(sql).pluck();
    reader = { read: () => statement.get() as number, value: 0, readAt: Number.NEGATIVE_INFINITY };
    readers.set(sqlite, reader);
  }
  return reader;
}

function watchVersion(sqlite: Database.Database, reader: VersionReader): ChangeWatch {
  trackConnection(sqlite);
  const currentVersion = (): number => {
    const now = performance.now();
    if (now - reader.readAt >= OTHER_PROCESS_WINDOW_MS) {
      reader.value = reader.read();
      reader.readAt = now;
    }
    return reader.value;
  };
  return {
    stamp: () => {
      const current = currentVersion();
      const writes = writesInThisProcess();
      return `${current}:${generation}:${writes}`;
    },
    moved: (seen) => {
      const current = currentVersion();
      const writes = writesInThisProcess();
      if (seen[0] === current && seen[1] === generation && seen[2] === writes) return false;
      seen[0] = current;
      seen[1] = generation;
      seen[2] = writes;
      return true;
    },
  };
}

/** A map that empties itself whenever the database's stamp moves. */
export class StampedCache<V> {
  private entries = new Map<string, V>();
  private readonly seen = unseenCounters();

  constructor(
    private readonly watch: ChangeWatch,
    private readonly maxEntries = 1024,
  ) {}

  get(key: string, load: () => V): V {
    if (this.watch.moved(this.seen)) this.entries = new Map();
    let value = this.entries.get(key);
    if (value === undefined) {
      value = load();
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
