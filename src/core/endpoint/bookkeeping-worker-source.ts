// The bookkeeping worker's code, as a string run with `new Worker(code, { eval: true })`: a file
// beside the bundle would need its own entry in the CLI bundle, the Electron build and vitest, while
// a string runs the same in all of them. It is plain CommonJS with no imports but better-sqlite3
// (its path comes in workerData), so there is nothing to bundle. It only writes what the main thread
// already decided (audit rows, use counts); it never sees a token value or a key value.
//
// Protocol (in order, one port): {type:'open', dbKey} first, then any number of
// {type:'batch', audit, keyUses, tokenUses, calls} and {type:'sync', seq}; 'sync' stores seq in the shared
// Int32Array once everything before it is written, so the main thread can wait for it with
// Atomics.wait (lock and close must not return before the bookkeeping is on disk). {type:'close'}
// closes both connections. A batch that cannot be written is posted back on the replies port
// ({type:'returned'}) so the main thread writes it itself; nothing is dropped silently.
export const BOOKKEEPING_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const done = new Int32Array(workerData.signal);
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
  statements.vaultTx = vault.transaction((batch) => {
    insertAudit(batch.audit);
    for (const use of batch.keyUses) statements.keyUse.run(use);
  });
  statements.tokenTx = tokens.transaction((batch) => {
    for (const use of batch.tokenUses) statements.tokenUse.run(use);
    for (const call of batch.calls) statements.call.run({ ...call, streamed: call.streamed ? 1 : 0 });
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

function write(batch) {
  if (statements === null) throw new Error('not open');
  if (batch.tokenUses.length > 0 || batch.calls.length > 0) statements.tokenTx(batch);
  // Written: a batch posted back after this must not count them twice.
  batch.tokenUses = [];
  batch.calls = [];
  if (batch.audit.length > 0 || batch.keyUses.length > 0) statements.vaultTx(batch);
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
    try {
      write(message);
      replies.postMessage({ type: 'written', id: message.id });
    } catch (error) {
      replies.postMessage({ type: 'returned', id: message.id, batch: message });
    }
  } else if (message.type === 'sync') {
    Atomics.store(done, 0, message.seq);
    Atomics.notify(done, 0);
  } else if (message.type === 'close') {
    closeAll();
    Atomics.store(done, 0, message.seq);
    Atomics.notify(done, 0);
    parentPort.close();
  }
});
`;
