// Runs the notification planner (notifications.ts) on a timer and when something changed, and hands
// each new notice to the platform (Electron's Notification in src/main; a recorder in tests). It
// reads through capabilities only, so it works the same with a fake clock, and it reads nothing while
// the vault is locked (no key names leave a locked vault, even in a notification).
import {
  planNotifications,
  type Notice,
  type NotificationSettings,
  type TamperReport,
  type TokenUseSeen,
} from './notifications.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';

export interface NotificationSources {
  now(): number;
  settings(): NotificationSettings;
  /** Null while the vault is locked. */
  snapshot(): { keys: KeySummary[]; tokens: TokenSummary[]; reports: TamperReport[] } | null;
}

/** Where sent notice ids and seen callers are kept between runs. */
export interface NoticeLedger {
  sent(): ReadonlySet<string>;
  markSent(ids: readonly string[]): void;
}

export interface SchedulerTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface NotificationSchedulerOptions {
  sources: NotificationSources;
  ledger: NoticeLedger;
  show: (notice: Notice) => void;
  timers?: SchedulerTimers;
  /** Expiry is by the day: an hourly look is enough, and events trigger one sooner. */
  intervalMs?: number;
}

const realTimers: SchedulerTimers = {
  setInterval: (fn, ms) => {
    const handle = setInterval(fn, ms);
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export class NotificationScheduler {
  private handle: unknown = null;
  private readonly timers: SchedulerTimers;
  private readonly callers = new Map<string, Set<string>>();
  private pendingUses: TokenUseSeen[] = [];
  private looked = false;

  constructor(private readonly options: NotificationSchedulerOptions) {
    this.timers = options.timers ?? realTimers;
  }

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timers.setInterval(() => this.checkQuietly(), this.options.intervalMs ?? 3_600_000);
    this.checkQuietly();
  }

  stop(): void {
    if (this.handle === null) return;
    this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  /** A look that never throws into a timer or the app's start (a vault locking mid-read). */
  checkQuietly(): void {
    try {
      this.check();
    } catch {
      // The next look (a timer tick or a change event) tries again.
    }
  }

  /** The endpoint saw a token used (with its caller when the OS told): checked at the next look. */
  tokenUsed(use: TokenUseSeen): void {
    this.pendingUses.push(use);
  }

  /** One look: shows every notice due and not shown before. Returns what it showed. */
  check(): Notice[] {
    const snapshot = this.options.sources.snapshot();
    if (snapshot === null) return [];
    const uses = this.pendingUses;
    this.pendingUses = [];
    const notices = planNotifications({
      now: this.options.sources.now(),
      settings: this.options.sources.settings(),
      ...snapshot,
      uses,
      knownCallers: this.callers,
      sent: this.options.ledger.sent(),
    });
    for (const use of uses) {
      if (use.caller === null) continue;
      const known = this.callers.get(use.tokenId) ?? new Set<string>();
      known.add(use.caller);
      this.callers.set(use.tokenId, known);
    }
    // The very first look (nothing ever sent) only takes note of tokens already in use and hub
    // reports already on record: they are history, not news, and a burst of them helps nobody.
    const firstEver = !this.looked && this.options.ledger.sent().size === 0;
    this.looked = true;
    const shown = firstEver ? notices.filter((n) => !isHistory(n)) : notices;
    if (notices.length > 0) this.options.ledger.markSent(notices.map((n) => n.id));
    for (const notice of shown) this.options.show(notice);
    return shown;
  }
}

const isHistory = (notice: Notice): boolean =>
  notice.id.startsWith('token-first-use:') || notice.id.startsWith('hub-report:');
