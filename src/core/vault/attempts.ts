// Backoff for failed unlocks and recoveries. Argon2id already makes each guess cost ~0.1 s; after
// three failures each further guess must also wait 1 s, 2 s, 4 s ... up to 5 minutes. The count
// lives in a file so restarting the app does not reset it. A guess made too early is refused without
// running the KDF, and the refusal says how long to wait.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AikeyError } from '#shared/errors.js';
import { writeFileDurably } from './files.js';

const AttemptsSchema = z.object({ failures: z.number().int().min(0), lastFailureAt: z.number() });
type Attempts = z.infer<typeof AttemptsSchema>;

const FREE_FAILURES = 3;
const MAX_DELAY_MS = 5 * 60_000;

export function backoffDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

export class UnlockAttempts {
  constructor(
    private readonly file: string,
    private readonly now: () => number,
  ) {}

  private read(): Attempts {
    try {
      return AttemptsSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return { failures: 0, lastFailureAt: 0 };
    }
  }

  assertMayTry(): void {
    const { failures, lastFailureAt } = this.read();
    const wait = lastFailureAt + backoffDelayMs(failures) - this.now();
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new AikeyError(
        'TooManyAttempts',
        `Too many wrong attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        { retryAfterMs: wait },
      );
    }
  }

  recordFailure(): void {
    const { failures } = this.read();
    writeFileDurably(this.file, JSON.stringify({ failures: failures + 1, lastFailureAt: this.now() }));
  }

  recordSuccess(): void {
    if (this.read().failures > 0)
      writeFileDurably(this.file, JSON.stringify({ failures: 0, lastFailureAt: 0 }));
  }
}
