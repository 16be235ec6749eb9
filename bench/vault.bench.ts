// Vault benchmarks: unlock time at the shipped Argon2id cost, and the cost of whole-database
// encryption: the same KeyStore workload on the encrypted vault and on a plain database opened by
// the same library, reported as a ratio.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AuditLog } from '#core/audit/audit-log.js';
import { defaultMigrationsFolder } from '#core/db/open.js';
import * as schema from '#core/db/schema/index.js';
import { KeyStore } from '#core/keys/key-store.js';
import type { VaultSession } from '#core/vault/vault.js';
import { createWallet } from '#core/wallet.js';
import { heading, median, report, timeMs } from './lib.js';

const PASSWORD = 'correct horse battery staple 42!';
const N = Number(process.env.BENCH_KEYS ?? 10_000);

async function unlockTime(dir: string): Promise<void> {
  heading('Unlock at the default cost (Argon2id m=64 MiB, t=3, p=4)');
  const wallet = createWallet({ dataDir: join(dir, 'unlock') });
  await wallet.vault.create(PASSWORD);
  wallet.vault.lock();
  const samples: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    samples.push(await timeMs(() => wallet.vault.unlock(PASSWORD)));
    wallet.vault.lock();
  }
  const m = median(samples);
  report('unlock (median of 7)', `${m.toFixed(0)} ms (min ${Math.min(...samples).toFixed(0)} ms)`, {
    ok: m <= 1000,
    text: '<= 1000 ms',
  });
}

/**
 * The KeyStore workload. `batched` runs each phase in one transaction, which takes fsync out of the
 * picture and leaves the cipher's own cost; unbatched is what the app does (one commit per change).
 */
function workload(session: VaultSession, batched: boolean): { insertMs: number; readMs: number } {
  const audit = new AuditLog(() => session);
  const store = new KeyStore(() => session, audit);
  const phase = (fn: () => void) => (batched ? session.sqlite.transaction(fn)() : fn());
  const ids: string[] = [];
  const insertStart = performance.now();
  phase(() => {
    for (let i = 0; i < N; i += 1) {
      const secret = `sk-proj-${randomBytes(24).toString('hex')}`;
      ids.push(store.create({ provider: 'openai', name: `key-${i}`, secret }).id);
    }
  });
  const insertMs = performance.now() - insertStart;
  const readStart = performance.now();
  phase(() => {
    for (const id of ids) store.reveal(id);
  });
  const readMs = performance.now() - readStart;
  return { insertMs, readMs };
}

function plainSession(file: string): VaultSession {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: defaultMigrationsFolder() });
  const personalHubId = 'personal';
  db.insert(schema.hubs)
    .values({ id: personalHubId, name: 'Personal', kind: 'personal', createdAt: Date.now() })
    .run();
  return {
    sqlite,
    db,
    vaultId: 'plain',
    sealKey: randomBytes(32),
    dbKey: randomBytes(32),
    fingerprintKey: randomBytes(32),
    personalHubId,
  };
}

async function encryptionOverhead(dir: string, batched: boolean): Promise<void> {
  const how = batched ? 'each phase in one transaction' : 'one commit per change, as the app does';
  heading(`Encrypted vs plain database: ${N} key inserts then ${N} reveals (audited), ${how}`);
  const tag = batched ? 'batched' : 'unbatched';
  const wallet = createWallet({
    dataDir: join(dir, `encrypted-${tag}`),
    kdf: { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 },
  });
  await wallet.vault.create(PASSWORD);
  const plain = plainSession(join(dir, `plain-${tag}.db`));
  const pla = workload(plain, batched);
  const enc = workload(wallet.vault.session(), batched);
  plain.sqlite.close();
  wallet.vault.lock();
  const perOp = (ms: number) => `${((ms / N) * 1000).toFixed(0)} µs`;
  report('plain     insert / reveal, per key', `${perOp(pla.insertMs)} / ${perOp(pla.readMs)}`);
  report('encrypted insert / reveal, per key', `${perOp(enc.insertMs)} / ${perOp(enc.readMs)}`);
  const ratio = (enc.insertMs + enc.readMs) / (pla.insertMs + pla.readMs);
  report('encrypted / plain, whole workload', `${ratio.toFixed(2)}x`, {
    ok: ratio <= 1.25,
    text: '<= 1.25x',
  });
}

/** What reading every page at unlock (quick_check, so damage is found there) costs at N keys. */
async function integrityCheckCost(dir: string): Promise<void> {
  heading(`Unlock with ${N} keys: the whole-database check it runs (PRAGMA quick_check)`);
  const wallet = createWallet({
    dataDir: join(dir, 'checked'),
    kdf: { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 },
  });
  await wallet.vault.create(PASSWORD);
  const session = wallet.vault.session();
  session.sqlite.transaction(() => {
    for (let i = 0; i < N; i += 1) {
      wallet.keys.create({
        provider: 'openai',
        name: `key-${i}`,
        secret: `sk-proj-${randomBytes(24).toString('hex')}`,
      });
    }
  })();
  wallet.vault.lock();
  const unlocks: number[] = [];
  const checks: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    unlocks.push(await timeMs(() => wallet.vault.unlock(PASSWORD)));
    checks.push(await timeMs(() => Promise.resolve(wallet.vault.session().sqlite.pragma('quick_check'))));
    wallet.vault.lock();
  }
  const [unlock, check] = [median(unlocks), median(checks)];
  report('unlock at the KDF floor, check included (median of 5)', `${unlock.toFixed(1)} ms`);
  report('quick_check alone (median of 5)', `${check.toFixed(1)} ms`);
  report("the check's share of that unlock", `${((check / unlock) * 100).toFixed(0)} %`);
}

const dir = mkdtempSync(join(tmpdir(), 'aikey-bench-'));
try {
  await unlockTime(dir);
  await encryptionOverhead(dir, true);
  await encryptionOverhead(dir, false);
  await integrityCheckCost(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
