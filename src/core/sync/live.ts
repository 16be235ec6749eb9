// Live mode: one server-sent-events stream per team hub. Every event, and every (re)connection,
// asks for a sync; a dropped stream reconnects with a growing pause (200 ms up to 5 s), so a change
// made on another wallet arrives within moments and nothing is missed across a gap (the sync reads
// the truth from the cursor, not from the events). A removed membership ends the stream for good.
import { isAikeyError } from '#shared/errors.js';

export type Connect = (
  hubId: string,
  signal: AbortSignal,
  onEvent: () => void,
  onOpen: () => void,
) => Promise<void>;

const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 5_000;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class LiveFollower {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly connect: Connect,
    private readonly onChange: (hubId: string) => void,
    private readonly onRemoved: (hubId: string) => void,
  ) {}

  isLive(hubId: string): boolean {
    return this.running.has(hubId);
  }

  start(hubId: string): void {
    if (this.running.has(hubId)) return;
    const controller = new AbortController();
    this.running.set(hubId, controller);
    void this.follow(hubId, controller.signal);
  }

  stop(hubId: string): void {
    this.running.get(hubId)?.abort();
    this.running.delete(hubId);
  }

  stopAll(): void {
    for (const hubId of [...this.running.keys()]) this.stop(hubId);
  }

  private async follow(hubId: string, signal: AbortSignal): Promise<void> {
    let wait = FIRST_PAUSE_MS;
    while (!signal.aborted) {
      try {
        await this.connect(
          hubId,
          signal,
          () => this.onChange(hubId),
          () => {
            wait = FIRST_PAUSE_MS;
            this.onChange(hubId);
          },
        );
      } catch (error) {
        if (signal.aborted) return;
        if (isAikeyError(error, 'MemberRemoved') || isAikeyError(error, 'VaultLocked')) {
          this.running.delete(hubId);
          if (isAikeyError(error, 'MemberRemoved')) this.onRemoved(hubId);
          return;
        }
      }
      await pause(wait, signal);
      wait = Math.min(wait * 2, LONGEST_PAUSE_MS);
    }
  }
}
