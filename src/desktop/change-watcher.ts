// Notices that keys or tokens changed without the window asking: on a short timer in main it reads
// two cheap change stamps (the vault's and the token database's: PRAGMA data_version, which moves
// when another connection commits, such as the CLI or `aikey serve` on the same files, plus this
// connection's total_changes(), which moves on a sync pull or the endpoint's usage counts) and
// pushes keys:changed / tokens:changed when one moved. About a microsecond a tick; it reads no row,
// so nothing from the vault can leak through it. The renderer then reloads once instead of polling.
import type { DesktopEvents } from './events.js';

export interface ChangeStamps {
  /** The vault's stamp, or null while it is locked. */
  keys(): string | null;
  tokens(): string | null;
}

export interface WatchTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ChangeWatcherOptions {
  stamps: ChangeStamps;
  events: DesktopEvents;
  intervalMs?: number;
  timers?: WatchTimers;
}

/** Often enough that a key added by the CLI shows while the user looks; cheap enough to never matter. */
export const CHANGE_WATCH_INTERVAL_MS = 1_000;

const realTimers: WatchTimers = {
  setInterval: (fn, ms) => {
    const handle = setInterval(fn, ms);
    // Must never keep the app, a test or the harness alive on its own.
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export class ChangeWatcher {
  private readonly timers: WatchTimers;
  private handle: unknown = null;
  private seenKeys: string | null = null;
  private seenTokens: string | null = null;

  constructor(private readonly options: ChangeWatcherOptions) {
    this.timers = options.timers ?? realTimers;
  }

  start(): void {
    if (this.handle !== null) return;
    this.rebase();
    this.handle = this.timers.setInterval(
      () => this.check(),
      this.options.intervalMs ?? CHANGE_WATCH_INTERVAL_MS,
    );
  }

  stop(): void {
    if (this.handle === null) return;
    this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  /** Takes the current stamps as seen (after an unlock the window loads everything anyway). */
  rebase(): void {
    this.seenKeys = this.read(() => this.options.stamps.keys());
    this.seenTokens = this.read(() => this.options.stamps.tokens());
  }

  /** One tick: pushes an event for each stamp that moved since the last tick. */
  check(): void {
    const keys = this.read(() => this.options.stamps.keys());
    if (keys !== null && this.seenKeys !== null && keys !== this.seenKeys) {
      this.options.events.emit('keys:changed', { stamp: keys });
    }
    this.seenKeys = keys;
    const tokens = this.read(() => this.options.stamps.tokens());
    if (tokens !== null && this.seenTokens !== null && tokens !== this.seenTokens) {
      this.options.events.emit('tokens:changed', { stamp: tokens });
    }
    this.seenTokens = tokens;
  }

  /** A stamp that cannot be read (locked, a database closing) counts as none, never as a crash. */
  private read(stamp: () => string | null): string | null {
    try {
      return stamp();
    } catch {
      return null;
    }
  }
}
