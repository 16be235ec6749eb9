// Tells a hot-path cache when its database may have changed: `PRAGMA data_version` moves when
// another connection (the CLI, another process) commits, and total_changes() moves when this
// connection writes. Both cost about a microsecond, far less than the queries they let us skip, so
// a cache checked against them never serves a revoked token or a deleted key. Holds no data itself.
import type Database from 'better-sqlite3';

export interface ChangeWatch {
  /** An opaque stamp that differs whenever anything may have been written since the last one. */
  stamp(): string;
}

export function watchChanges(sqlite: Database.Database): ChangeWatch {
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
  return {
    stamp: () => `${String(dataVersion.get())}:${String(totalChanges.get())}`,
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
