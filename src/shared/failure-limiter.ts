// Counts failed authentications per client in a fixed window, for the wallet's loopback endpoint and
// the team hub alike: past the limit a client's failures are refused (429) while a client that
// presents a valid credential is never checked against it. Pure: no clock of its own, no I/O.

export interface FailureLimiterOptions {
  /** Failures allowed per client within the window before 429. */
  maxFailures: number;
  windowMs: number;
  now: () => number;
}

/** Counts failed authentications per client in a fixed window. */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(private readonly options: FailureLimiterOptions) {}

  /** Milliseconds until this client may fail again, or 0 when it is not limited. */
  retryAfterMs(client: string): number {
    const entry = this.failures.get(client);
    if (!entry) return 0;
    const elapsed = this.options.now() - entry.windowStart;
    if (elapsed >= this.options.windowMs) {
      this.failures.delete(client);
      return 0;
    }
    return entry.count >= this.options.maxFailures ? this.options.windowMs - elapsed : 0;
  }

  recordFailure(client: string): void {
    const now = this.options.now();
    const entry = this.failures.get(client);
    if (!entry || now - entry.windowStart >= this.options.windowMs) {
      if (this.failures.size > 10_000) this.failures.clear();
      this.failures.set(client, { count: 1, windowStart: now });
    } else {
      entry.count += 1;
    }
  }
}
