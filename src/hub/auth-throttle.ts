// Slows down guessing at the hub: failed device-token checks and wrong invite secrets from one client
// address are counted, and past the limit that client's failures answer 429 with Retry-After. A
// client holding a valid token keeps working throughout, so a noisy neighbour behind the same
// address cannot lock a team out. Per process on purpose: it guards CPU and guessing rate, not data,
// so hub processes sharing one PostgreSQL still keep no state that matters.
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { FailureLimiter } from '#shared/failure-limiter.js';
import type { HubErrorCode } from '#shared/hub-api.js';
import { HubError } from './errors.js';

const COUNTED: ReadonlySet<HubErrorCode> = new Set(['unauthorized', 'invite_invalid']);

export interface AuthThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

export class AuthThrottle {
  private readonly limiter: FailureLimiter;

  constructor(options: AuthThrottleOptions = {}) {
    this.limiter = new FailureLimiter({
      maxFailures: options.maxFailures ?? 20,
      windowMs: options.windowMs ?? 60_000,
      now: options.now ?? Date.now,
    });
  }

  /** Runs an authentication step; its failure counts against the client, or answers 429. */
  async guard<T>(c: Context, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof HubError) || !COUNTED.has(error.code)) throw error;
      const client = clientAddress(c);
      const waitMs = this.limiter.retryAfterMs(client);
      if (waitMs > 0) {
        throw new HubError('rate_limited', 'Too many failed attempts from this address. Slow down.', {
          retryAfterSeconds: Math.ceil(waitMs / 1000),
        });
      }
      this.limiter.recordFailure(client);
      throw error;
    }
  }
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
