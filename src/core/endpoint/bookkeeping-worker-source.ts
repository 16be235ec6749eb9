// The bookkeeping worker's code, as a string run with `new Worker(code, { eval: true })`: a file
// beside the bundle would need its own entry in the CLI bundle, the Electron build and vitest, while
// a string runs the same in all of them. It is plain CommonJS with no imports but better-sqlite3
// (its path comes in workerData), so there is nothing to bundle. It only writes what the main thread
// already decided (audit rows, use counts); it never sees a token value or a key value.
//
// Protocol (in order, one port): {type:'open', dbKey} first, then any number of
// {type:'batch', id, audit, keyUses, tokenUses, calls} and {type:'sync', seq}. The main thread hands
// over small batches often (so it never stops for long to copy one); the worker gathers them and
// commits at most every commitDelayMs, or at once past commitRows, in one transaction per database:
// every commit makes the main thread's caches start over, so fewer is faster. Each batch is then
// confirmed ({type:'written', id}). 'sync' commits what is gathered and stores seq in the shared
// Int32Array, so the main thread can wait for it with Atomics.wait (lock and close must not return
// before the bookkeeping is on disk). {type:'close'} does the same and closes both connections.
// Batches that cannot be written are posted back on the replies port ({type:'returned'}) so the
// main thread writes them itself; nothing is dropped silently.
export const BOOKKEEPING_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const done = new Int32Array(workerData.signal);

// Bookkeeping is background work. On Linux this thread takes the lowest priority (nice 19, this
// thread only), so a commit never holds a CPU a request is waiting for: on a two-CPU machine the
// caller, the main thread and this worker otherwise share two CPUs, and each commit used to delay
// requests by a scheduler slice. Elsewhere Node has no per-thread priority; it runs as it is.
function lowerPriority() {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(tid, 19);
  } catch {}
}
lowerPriority();
// Replies go on their own port, so the main thread can also read them synchronously after a sync.
const replies = workerData.replies;
let vault = null;
let tokens = null;
let statements = null;

function openVault(key) {
  const db = new Database(workerData.vaultFile, { fileMustExist: true });
  try {
    db.pragma("cipher = 'chacha20'");
    db.pragma('key = "x\'' + Buffer.from(key).toString('hex') + '\'"');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Bookkeeping only: a commit survives the process being killed (WAL); see batch-write.ts.
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  } finally {
    key.fill(0);
  }
}

function open(key) {
  vault = openVault(key);
  tokens = new Database(workerData.tokensFile, { fileMustExist: true });
  tokens.pragma('busy_timeout = 5000');
  tokens.pragma('synchronous = NORMAL');
  statements = {
    audit: vault.prepare(workerData.auditSql),
    auditMany: vault.prepare(workerData.auditManySql),
    keyUse: vault.prepare(workerData.keyUseSql),
    tokenUse: tokens.prepare(workerData.tokenUseSql),
    call: tokens.prepare(workerData.callSql),
  };
  statements.vaultTx = vault.transaction((batches) => {
    insertAudit(batches.length === 1 ? batches[0].audit : batches.flatMap((batch) => batch.audit));
    for (const batch of batches) for (const use of batch.keyUses) statements.keyUse.run(use);
  });
  statements.tokenTx = tokens.transaction((batches) => {
    for (const batch of batches) {
      for (const use of batch.tokenUses) statements.tokenUse.run(use);
      for (const call of batch.calls) statements.call.run({ ...call, streamed: call.streamed ? 1 : 0 });
    }
  });
}

// Whole chunks in one INSERT each, positional parameters: far cheaper per row than one INSERT
// with named parameters per row. The remainder goes one row at a time.
function insertAudit(rows) {
  const size = workerData.auditChunkRows;
  const fields = workerData.auditFields;
  let i = 0;
  for (; i + size <= rows.length; i += size) {
    const values = new Array(size * fields.length);
    let k = 0;
    for (let j = i; j < i + size; j += 1) {
      const row = rows[j];
      for (const field of fields) values[k++] = row[field];
    }
    statements.auditMany.run(values);
  }
  for (; i < rows.length; i += 1) statements.audit.run(rows[i]);
}

function write(batches) {
  if (statements === null) throw new Error('not open');
  if (batches.some((b) => b.tokenUses.length > 0 || b.calls.length > 0)) statements.tokenTx(batches);
  // Written: a batch posted back after this must not count them twice.
  for (const batch of batches) {
    batch.tokenUses = [];
    batch.calls = [];
  }
  if (batches.some((b) => b.audit.length > 0 || b.keyUses.length > 0)) statements.vaultTx(batches);
}

let gathered = [];
let gatheredRows = 0;
let commitTimer = null;

function gather(batch) {
  gathered.push(batch);
  gatheredRows += batch.audit.length + batch.calls.length;
  if (gatheredRows >= workerData.commitRows) commitGathered();
  else if (commitTimer === null) commitTimer = setTimeout(commitGathered, workerData.commitDelayMs);
}

function commitGathered() {
  if (commitTimer !== null) clearTimeout(commitTimer);
  commitTimer = null;
  const batches = gathered;
  gathered = [];
  gatheredRows = 0;
  if (batches.length === 0) return;
  try {
    write(batches);
    for (const batch of batches) replies.postMessage({ type: 'written', id: batch.id });
  } catch (error) {
    for (const batch of batches) replies.postMessage({ type: 'returned', id: batch.id, batch });
  }
}

function closeAll() {
  statements = null;
  for (const db of [vault, tokens]) {
    try {
      if (db !== null) db.close();
    } catch {}
  }
  vault = null;
  tokens = null;
}

parentPort.on('message', (message) => {
  if (message.type === 'open') {
    try {
      open(message.dbKey);
      replies.postMessage({ type: 'opened' });
    } catch (error) {
      closeAll();
      replies.postMessage({ type: 'openFailed' });
    }
  } else if (message.type === 'batch') {
    gather(message);
  } else if (message.type === 'sync') {
    commitGathered();
    Atomics.store(done, 0, message.seq);
    Atomics.notify(done, 0);
  } else if (message.type === 'close') {
    commitGathered();
    closeAll();
    Atomics.store(done, 0, message.seq);
    Atomics.notify(done, 0);
    parentPort.close();
  }
});
`;
