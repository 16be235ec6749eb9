// Tells a hot-path cache when its database may have changed, so a cache checked against it never
// serves a revoked token or a deleted key for longer than the window below. Holds no data itself.
//
// Two counters make the stamp. total_changes() moves the moment a connection writes and costs about
// 0.15 µs, so the stamp sums it over every connection this process has open (the vault's, the
// tokens database's, a second wallet's in tests): a write made in this process is seen by the very
// next read. PRAGMA data_version moves when a connection in another process (the CLI) or the
// bookkeeping worker commits, but it takes the database's read lock, about 5 µs under load, and one
// endpoint request used to read it a dozen times. It is read again only once it is older than
// OTHER_PROCESS_WINDOW_MS: a token revoked or a key deleted by another process stops being served
// within that millisecond.
import type Database from 'better-sqlite3';

export const OTHER_PROCESS_WINDOW_MS = 1;

export interface ChangeWatch {
  /** An opaque stamp that differs whenever anything may have been written since the last one. */
  stamp(): string;
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

export function watchChanges(sqlite: Database.Database): ChangeWatch {
  trackConnection(sqlite);
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let version = '';
  let readAt = Number.NEGATIVE_INFINITY;
  return {
    stamp: () => {
      const now = performance.now();
      if (now - readAt >= OTHER_PROCESS_WINDOW_MS) {
        version = String(dataVersion.get());
        readAt = now;
      }
      const writes = writesInThisProcess();
      return `${version}:${generation}:${writes}`;
    },
  };
}

/** A map that empties itself whenever the database's stamp moves. */
export class StampedCache<V> {
  private entries = new Map<string, V>();
  private seen = '';

  constructor(
    private readonly watch: ChangeWatch,
    private readonly maxEntries = 1024,
  ) {}

  get(key: string, load: () => V): V {
    const stamp = this.watch.stamp();
    if (stamp !== this.seen) {
      this.entries = new Map();
      this.seen = stamp;
    }
    let value = this.entries.get(key);
    if (value === undefined) {
      value = load();
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
