// Proxied calls are written to the call log off the hot path: queued in memory and handed over as
// one batch shortly after, on the next turn of the event loop once the batch is full (never inside
// the call that filled it), when a policy check needs the totals, or when the endpoint closes. The
// endpoint hands them to its bookkeeping worker; without one, `log` writes them on this thread.
import type { BrokerCall, BrokerCallLog } from '../tokens/call-log.js';

export class CallRecorder {
  private queue: BrokerCall[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;

  constructor(
    private readonly log: Pick<BrokerCallLog, 'record'>,
    private readonly flushDelayMs = 50,
    private readonly maxBatch = 4096,
  ) {}

  add(call: BrokerCall): void {
    this.queue.push(call);
    if (this.queue.length >= this.maxBatch) this.immediate ??= setImmediate(() => this.flush());
    else this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    const batch = this.queue;
    this.queue = [];
    this.log.record(batch);
  }
}
