// Writes the endpoint's bookkeeping (read audit entries, key and token use counts) on a worker thread
// with its own database connections, so no request ever waits for a batch commit: before this, the
// request that filled a batch wrote it (several ms on the encrypted database) and every request
// queued behind it waited too. The worker opens the vault database with the raw database key, which
// it is handed once at open and wipes right after; a lock drains the worker (every batch posted
// before it is on disk) and ends it, so no connection keyed for the vault outlives the lock.
// When no worker can run (it failed to start or to open), batches are written on this thread.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { AUDIT_INSERT_SQL, AUDIT_ROW_FIELDS, auditInsertManySql, type AuditRow } from '../audit/audit-log.js';
import { withoutFsync } from '../db/batch-write.js';
import { KEY_USE_SQL } from '../keys/key-rows.js';
import { CALL_INSERT_SQL, type BrokerCall } from '../tokens/call-log.js';
import { TOKEN_USE_SQL } from '../tokens/token-store.js';
import type { Wallet } from '../wallet.js';
import { BOOKKEEPING_WORKER_SOURCE } from './bookkeeping-worker-source.js';

export interface UseCount {
  id: string;
  count: number;
  at: number;
}

/** One batch of bookkeeping, as plain data (it is copied to the worker). */
export interface BookkeepingBatch {
  audit: AuditRow[];
  keyUses: UseCount[];
  tokenUses: UseCount[];
  /** The broker's proxied calls (tokens.db), written in the same transaction as the token uses. */
  calls: BrokerCall[];
}

type Reply =
  | { type: 'opened' }
  | { type: 'openFailed' }
  | { type: 'written'; id: number }
  | { type: 'returned'; id: number; batch: BookkeepingBatch };

/**
 * The worker commits what it has gathered at most this often, or at once past COMMIT_ROWS rows: the
 * crash window of the bookkeeping (see usage-recorder.ts) is this plus the main thread's handoff.
 */
const COMMIT_DELAY_MS = 10;
const COMMIT_ROWS = 4096;

/** Audit rows per INSERT statement in the worker (a batch's remainder goes one row at a time). */
const AUDIT_CHUNK_ROWS = 64;

/** How long lock or close waits for the worker before writing what is left on this thread. */
const DRAIN_TIMEOUT_MS = 10_000;

/** Writes a batch on this thread's connections (the fallback, and the way before the worker). */
export function writeHere(wallet: Wallet, batch: BookkeepingBatch): void {
  if (batch.tokenUses.length > 0) {
    wallet.tokens.recordUses(batch.tokenUses.map((u) => ({ id: u.id, count: u.count, lastUsedAt: u.at })));
  }
  wallet.tokens.calls.record(batch.calls);
  if (!wallet.vault.isUnlocked() || (batch.audit.length === 0 && batch.keyUses.length === 0)) return;
  withoutFsync(wallet.vault.session().sqlite, () => {
    wallet.audit.recordRows(batch.audit);
    for (const use of batch.keyUses) wallet.keys.recordUse(use.id, use.at, use.count);
  });
}

export class BookkeepingWriter {
  private worker: Worker | null = null;
  private replies: MessagePort | null = null;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private seq = 0;
  private nextId = 1;
  /** Batches posted to the worker and not yet confirmed written: rewritten here if it fails. */
  private readonly inFlight = new Map<number, BookkeepingBatch>();

  constructor(private readonly wallet: Wallet) {}

  /** Starts a worker for the current vault session; a no-op while locked or when one runs. */
  start(): void {
    if (this.worker !== null || !this.wallet.vault.isUnlocked()) return;
    const session = this.wallet.vault.session();
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      worker = new Worker(BOOKKEEPING_WORKER_SOURCE, {
        eval: true,
        workerData: {
          sqlitePath: createRequire(import.meta.url).resolve('better-sqlite3'),
          vaultFile: session.sqlite.name,
          tokensFile: this.wallet.tokens.file,
          signal: this.signal.buffer,
          replies: port2,
          auditSql: AUDIT_INSERT_SQL,
          auditManySql: auditInsertManySql(AUDIT_CHUNK_ROWS),
          auditChunkRows: AUDIT_CHUNK_ROWS,
          auditFields: AUDIT_ROW_FIELDS,
          commitDelayMs: COMMIT_DELAY_MS,
          commitRows: COMMIT_ROWS,
          keyUseSql: KEY_USE_SQL,
          tokenUseSql: TOKEN_USE_SQL,
          callSql: CALL_INSERT_SQL,
        },
        transferList: [port2],
      });
    } catch {
      port1.close();
      return;
    }
    worker.unref();
    worker.on('error', () => this.abandon(worker));
    worker.on('exit', () => this.abandon(worker));
    port1.on('message', (reply: Reply) => this.onReply(reply));
    port1.unref();
    this.worker = worker;
    this.replies = port1;
    // A copy the worker owns: its buffer moves to the worker (this side's view is emptied) and the
    // worker wipes it once its connection is keyed. The session's own key is wiped on lock.
    const dbKey = Uint8Array.from(session.dbKey);
    worker.postMessage({ type: 'open', dbKey }, [dbKey.buffer]);
  }

  /** Whether a worker holds a connection now (false while locked, or when writing on this thread). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Hands a batch to the worker, or writes it here when there is none. Never waits. */
  post(batch: BookkeepingBatch): void {
    if (this.worker === null) {
      writeHere(this.wallet, batch);
      return;
    }
    const id = this.nextId++;
    this.inFlight.set(id, batch);
    this.worker.postMessage({ type: 'batch', id, ...batch });
  }

  /** The broker's call log goes the same way (the broker's CallRecorder batches it). */
  postCalls(calls: readonly BrokerCall[]): void {
    if (calls.length > 0) this.post({ audit: [], keyUses: [], tokenUses: [], calls: [...calls] });
  }

  /** Returns once every batch posted so far is written (by the worker, or here if it cannot). */
  drain(): void {
    // Nothing unconfirmed, nothing to wait for (a budget check calls this on each proxied call).
    if (this.worker !== null && this.inFlight.size > 0) this.waitFor('sync');
    this.settle();
  }

  /** Drains, closes the worker's connections and ends it (before a lock, and when the endpoint closes). */
  stop(): void {
    const worker = this.worker;
    if (worker === null) return;
    this.waitFor('close');
    this.worker = null;
    this.settle();
    this.replies?.close();
    this.replies = null;
    void worker.terminate();
  }

  /**
   * Posts a marker and blocks until the worker has handled everything before it. A worker that
   * does not answer in time is ended, so what settle() then writes here cannot be written twice.
   */
  private waitFor(type: 'sync' | 'close'): void {
    const seq = ++this.seq;
    this.worker?.postMessage({ type, seq });
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (Atomics.load(this.signal, 0) < seq) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const stuck = this.worker;
        this.worker = null;
        void stuck?.terminate();
        return;
      }
      Atomics.wait(this.signal, 0, Atomics.load(this.signal, 0), left);
    }
  }

  /** Reads the replies already queued, then writes here whatever the worker did not confirm. */
  private settle(): void {
    if (this.replies !== null) {
      for (let r = receiveMessageOnPort(this.replies); r; r = receiveMessageOnPort(this.replies)) {
        this.onReply(r.message as Reply);
      }
    }
    const left = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const batch of left) writeHere(this.wallet, batch);
  }

  private onReply(reply: Reply): void {
    if (reply.type === 'written') this.inFlight.delete(reply.id);
    else if (reply.type === 'returned') {
      this.inFlight.delete(reply.id);
      writeHere(this.wallet, reply.batch);
    } else if (reply.type === 'openFailed') {
      // Its batches come back as 'returned' and are written here, as are new ones from now on.
      this.stop();
    }
  }

  /** The worker died: what it had not confirmed is written here, and so is everything after. */
  private abandon(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.settle();
  }
}
