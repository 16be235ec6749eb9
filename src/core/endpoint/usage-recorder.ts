// Usage counts and audit entries for keys served to tokens, written off the hot path: requests
// queue them in memory and one transaction writes the batch shortly after (or before the vault
// locks, or when the endpoint closes), so a served key costs no fsync of its own.
import { withoutFsync } from '../db/batch-write.js';
import type { Wallet } from '../wallet.js';

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

  constructor(
    private readonly wallet: Wallet,
    // Small, frequent batches: one large batch stalled every request queued behind it.
    private readonly flushDelayMs = 50,
    private readonly maxBatch = 256,
  ) {}

  add(read: ServedRead): void {
    this.queue.push(read);
    if (this.queue.length >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const tokenUses = tally(batch, (read) => read.tokenId);
    const keyUses = tally(batch, (read) => read.keyId);
    this.wallet.tokens.recordUses(tokenUses.values());
    if (!this.wallet.vault.isUnlocked()) return;
    const { sqlite } = this.wallet.vault.session();
    withoutFsync(sqlite, () => {
      for (const read of batch) {
        this.wallet.audit.record({
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
        });
      }
      for (const use of keyUses.values()) this.wallet.keys.recordUse(use.id, use.lastUsedAt, use.count);
    });
  }
}

/** Successful reads in a batch, counted per token or per key. */
function tally(batch: ServedRead[], idOf: (read: ServedRead) => string | null) {
  const uses = new Map<string, { id: string; count: number; lastUsedAt: number }>();
  for (const read of batch) {
    const id = idOf(read);
    if (read.result !== 'ok' || id === null) continue;
    const use = uses.get(id) ?? { id, count: 0, lastUsedAt: 0 };
    use.count += 1;
    use.lastUsedAt = Math.max(use.lastUsedAt, read.at);
    uses.set(id, use);
  }
  return uses;
}
