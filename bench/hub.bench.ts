// Hub throughput on embedded PGlite and on a real PostgreSQL, side by side: single compare-and-swap
// pushes per second (sequential, and 8 clients at once), a 10k-item first upload in batches, and
// a full pull of those 10k items by cursor. Ciphertexts are random bytes of a realistic size.
// Both backends keep their default durability. Prints figures only: `npx tsx bench/hub.bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type RunningHub } from '#hub/server.js';
import { postgresUnavailable, startPostgres, type TestPostgres } from '#test/helpers/postgres.js';
import { bootstrapOwner, call, newItemId, randomCiphertext, type Membership } from '#test/hub/hub-client.js';
import { heading, report, timeMs } from './lib.js';

const SEQUENTIAL_PUSHES = 500;
const CONCURRENT_PUSHES = 800;
const CLIENTS = 8;
const ITEMS = 10_000;
const BATCH = 1000;
const CIPHERTEXT_BYTES = 300;

interface Figures {
  sequential: number;
  concurrent: number;
  uploadMs: number;
  pullMs: number;
}

const pushBody = () => ({
  baseRevision: 0,
  deleted: false,
  keyVersion: 1,
  ciphertext: randomCiphertext(CIPHERTEXT_BYTES),
});

async function measure(hub: RunningHub): Promise<Figures> {
  const team = await hub.createTeam('Bench');
  const owner: Membership = await bootstrapOwner(hub.url, team);
  const path = `/v1/hubs/${team.hubId}`;
  const push = async () => {
    const res = await call(hub.url, 'PUT', `${path}/items/${newItemId()}`, {
      token: owner.token,
      body: pushBody(),
    });
    if (res.status !== 200) throw new Error(`push failed: ${res.status}`);
  };
  for (let i = 0; i < 20; i++) await push();
  const sequentialMs = await timeMs(async () => {
    for (let i = 0; i < SEQUENTIAL_PUSHES; i++) await push();
  });
  const concurrentMs = await timeMs(() =>
    Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = 0; i < CONCURRENT_PUSHES / CLIENTS; i++) await push();
      }),
    ),
  );

  const fresh = await hub.createTeam('Bench pull');
  const uploader = await bootstrapOwner(hub.url, fresh);
  const freshPath = `/v1/hubs/${fresh.hubId}`;
  const uploadMs = await timeMs(async () => {
    for (let done = 0; done < ITEMS; done += BATCH) {
      const items = Array.from({ length: BATCH }, () => ({ id: newItemId(), ...pushBody() }));
      const res = await call(hub.url, 'POST', `${freshPath}/items:batch`, {
        token: uploader.token,
        body: { items },
      });
      if (res.status !== 200) throw new Error(`batch failed: ${res.status}`);
    }
  });
  let pulled = 0;
  const pullMs = await timeMs(async () => {
    let cursor = 0;
    for (let more = true; more;) {
      const res = await call(hub.url, 'GET', `${freshPath}/items?since=${cursor}&limit=1000`, {
        token: uploader.token,
      });
      const page = res.json as { items: unknown[]; cursor: number; more: boolean };
      pulled += page.items.length;
      ({ cursor, more } = page);
    }
  });
  if (pulled !== ITEMS) throw new Error(`pulled ${pulled} of ${ITEMS}`);
  return {
    sequential: (SEQUENTIAL_PUSHES / sequentialMs) * 1000,
    concurrent: (CONCURRENT_PUSHES / concurrentMs) * 1000,
    uploadMs,
    pullMs,
  };
}

/** PGlite in a data directory on disk, as `aikey-hub serve` runs it, or PostgreSQL at databaseUrl. */
async function onBackend(databaseUrl?: string): Promise<Figures> {
  const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'aikey-hub-bench-'));
  const hub = await startHub({ port: 0, databaseUrl, dataDir, log: () => {} });
  try {
    return await measure(hub);
  } finally {
    await hub.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

heading('Team hub: PGlite (embedded, data dir on disk) vs PostgreSQL (local, default durability)');
const pglite = await onBackend();
const unavailable = postgresUnavailable();
let postgres: Figures | null = null;
if (unavailable) {
  console.log(`PostgreSQL figures skipped: ${unavailable}`);
} else {
  const server: TestPostgres = await startPostgres({ durable: true });
  try {
    postgres = await onBackend(server.url);
  } finally {
    await server.stop();
  }
}

const row = (name: string, unit: string, pick: (f: Figures) => number, higherIsBetter: boolean) => {
  const a = pick(pglite);
  const b = postgres ? pick(postgres) : Number.NaN;
  const ratio = higherIsBetter ? b / a : a / b;
  const text = `PGlite ${a.toFixed(0).padStart(6)} ${unit}   PostgreSQL ${postgres ? b.toFixed(0).padStart(6) : '     -'} ${unit}`;
  report(name, postgres ? `${text}   PostgreSQL ${ratio.toFixed(2)}x` : text);
};
row(`pushes/s, one client, sequential (${SEQUENTIAL_PUSHES})`, '/s', (f) => f.sequential, true);
row(`pushes/s, ${CLIENTS} clients at once (${CONCURRENT_PUSHES})`, '/s', (f) => f.concurrent, true);
row(`first upload of ${ITEMS} items, batches of ${BATCH}`, 'ms', (f) => f.uploadMs, false);
row(`pull of ${ITEMS} items by cursor, pages of 1000`, 'ms', (f) => f.pullMs, false);
