// Usage counts and audit entries for keys served to tokens, written off the hot path: a request
// only queues its read in memory. A timer (never a request) hands the queue to the bookkeeping
// writer every flushDelayMs, or on the next turn of the event loop once maxBatch reads are queued;
// the writer's worker thread gathers those small batches and commits them at most every 10 ms
// (bookkeeping-writer.ts). Small handoffs keep every pause of this thread short: copying a batch
// of thousands of reads to the worker held up the requests behind it. Lock and endpoint close call
// flush(), which returns only once everything queued is written.
//
// Crash window: a read that was answered is on disk within about flushDelayMs plus 10 ms plus one
// commit. If the process is killed inside that window those reads (their counts and audit
// entries) are lost; after it, only an OS crash or power loss can drop the last batch
// (synchronous=NORMAL, see src/core/db/batch-write.ts). Lock and close never lose any.
import { auditRow } from '../audit/audit-log.js';
import type { Wallet } from '../wallet.js';
import { BookkeepingWriter, type BookkeepingBatch, type UseCount } from './bookkeeping-writer.js';

export interface ServedRead {
  tokenId: string;
  tokenName: string;
  keyId: string | null;
  hubId: string | null;
  hubName: string | null;
  provider: string;
  keyName: string;
  result: 'ok' | 'denied';
  userAgent: string | undefined;
  at: number;
}

export class UsageRecorder {
  private queue: ServedRead[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  readonly writer: BookkeepingWriter;

  constructor(
    wallet: Wallet,
    private readonly flushDelayMs = 5,
    private readonly maxBatch = 64,
  ) {
    this.writer = new BookkeepingWriter(wallet);
  }

  add(read: ServedRead): void {
    this.queue.push(read);
    // Never written inside the request that fills the batch: on the next turn, after it answered.
    if (this.queue.length >= this.maxBatch) this.immediate ??= setImmediate(() => this.send());
    else this.timer ??= setTimeout(() => this.send(), this.flushDelayMs).unref();
  }

  /** Writes everything queued and returns once it is on disk (before a lock, on close, in tests). */
  flush(): void {
    this.send();
    this.writer.drain();
  }

  /** Hands the queue to the writer without waiting for it. */
  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) this.writer.post(toBatch(batch));
  }
}

function toBatch(reads: ServedRead[]): BookkeepingBatch {
  return {
    audit: reads.map((read) =>
      auditRow(
        {
          actor: { type: 'token', name: read.tokenName },
          action: 'key.read',
          result: read.result,
          at: read.at,
          target: {
            ...(read.keyId ? { keyId: read.keyId } : {}),
            ...(read.hubId ? { hubId: read.hubId } : {}),
            ...(read.hubName ? { hubName: read.hubName } : {}),
            provider: read.provider,
            keyName: read.keyName,
          },
          ...(read.userAgent ? { detail: `User-Agent: ${read.userAgent}` } : {}),
        },
        read.at,
      ),
    ),
    keyUses: tally(reads, (read) => read.keyId),
    tokenUses: tally(reads, (read) => read.tokenId),
    calls: [],
  };
}

/** Successful reads in a batch, counted per token or per key. */
function tally(batch: ServedRead[], idOf: (read: ServedRead) => string | null): UseCount[] {
  const uses = new Map<string, UseCount>();
  for (const read of batch) {
    const id = idOf(read);
    if (read.result !== 'ok' || id === null) continue;
    const use = uses.get(id) ?? { id, count: 0, at: 0 };
    use.count += 1;
    use.at = Math.max(use.at, read.at);
    uses.set(id, use);
  }
  return [...uses.values()];
}
