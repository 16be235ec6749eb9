// Proxied calls are written to the call log off the hot path, as the key reads are: queued in memory
// and written in one transaction shortly after, when the batch is full, or when the endpoint closes.
import type { BrokerCall, BrokerCallLog } from '../tokens/call-log.js';

export class CallRecorder {
  private queue: BrokerCall[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: Pick<BrokerCallLog, 'record'>,
    private readonly flushDelayMs = 50,
    private readonly maxBatch = 256,
  ) {}

  add(call: BrokerCall): void {
    this.queue.push(call);
    if (this.queue.length >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.log.record(batch);
  }
}
