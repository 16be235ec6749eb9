// Locks the vault after a stretch of inactivity, and when the machine suspends or the screen locks.
// It knows nothing of Electron: the window reports activity, index.ts forwards powerMonitor events,
// and tests drive it with fake timers. It only ever locks; it never unlocks or reads a key.
import type { Vault } from '#core/vault/vault.js';

export interface AutoLockTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutoLockOptions {
  vault: Vault;
  /** Idle minutes before locking; 0 never locks on idle. */
  minutes: number;
  lockOnSuspend: boolean;
  timers?: AutoLockTimers;
  /** Told just before this timer or a suspend locks, so the window can say why it locked. */
  beforeAutoLock?: (reason: 'idle' | 'suspend') => void;
}

const realTimers: AutoLockTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // An idle timer must never keep a CLI or test process alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class AutoLock {
  private readonly vault: Vault;
  private readonly timers: AutoLockTimers;
  private minutes: number;
  private lockOnSuspend: boolean;
  private handle: unknown = null;
  private started = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: AutoLockOptions) {
    this.vault = options.vault;
    this.timers = options.timers ?? realTimers;
    this.minutes = options.minutes;
    this.lockOnSuspend = options.lockOnSuspend;
    this.unsubscribe = this.vault.onLock(() => this.clear());
  }

  start(): void {
    this.started = true;
    this.restart();
  }

  stop(): void {
    this.started = false;
    this.clear();
    this.unsubscribe();
  }

  /** A new timeout or suspend choice applies at once; the idle period starts again. */
  configure(settings: { minutes: number; lockOnSuspend: boolean }): void {
    this.minutes = settings.minutes;
    this.lockOnSuspend = settings.lockOnSuspend;
    this.restart();
  }

  /** The user did something (or just unlocked): the idle period starts again. */
  activity(): void {
    this.restart();
  }

  systemSuspended(): void {
    if (!this.lockOnSuspend || !this.vault.isUnlocked()) return;
    this.options.beforeAutoLock?.('suspend');
    this.vault.lock();
  }

  private restart(): void {
    this.clear();
    if (!this.started || this.minutes === 0 || !this.vault.isUnlocked()) return;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.options.beforeAutoLock?.('idle');
      this.vault.lock();
    }, this.minutes * 60_000);
  }

  private clear(): void {
    if (this.handle === null) return;
    this.timers.clearTimeout(this.handle);
    this.handle = null;
  }
}
