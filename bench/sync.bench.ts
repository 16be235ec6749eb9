// Team-hub sync benchmarks: two wallets in this process and the hub in its own process (as it is
// deployed, so the hub's work does not share the wallets' thread): the first sync of 10k items
// (A pushes them all; B, a new member, pulls and opens them all), one change on A visible at B in
// live mode, and single-change syncs per second through the wallet. On PGlite, and on a throwaway
// PostgreSQL too where one can be started (see test/helpers/postgres.ts).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import { postgresUnavailable, startPostgres } from '#test/helpers/postgres.js';
import { heading, median, percentile, report, timeMs } from './lib.js';

const PASSWORD = 'correct horse battery staple 42!';
const N = Number(process.env.BENCH_SYNC_ITEMS ?? 10_000);
const LIVE_SAMPLES = 30;
const PUSHES = 200;

const root = mkdtempSync(join(tmpdir(), 'aikey-sync-bench-'));

async function wallet(name: string): Promise<Wallet> {
  const w = createWallet({ dataDir: join(root, name), kdf: KDF_FLOOR });
  await w.vault.create(PASSWORD);
  return w;
}

function anthropicKey(): string {
  return `sk-ant-api03-${randomBytes(33).toString('base64url')}`;
}

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

interface HubProcess {
  /** Owner invite codes of the team hubs created before it started. */
  invites: string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

/** `aikey-hub init` twice, then `aikey-hub serve`, as separate processes. */
async function hubProcess(env: NodeJS.ProcessEnv, dataDir?: string): Promise<HubProcess> {
  const port = String(await freePort());
  const storage = dataDir ? ['--data-dir', dataDir] : [];
  const invites = ['first', 'live'].map((name) => {
    const out = execFileSync(
      TSX,
      ['src/hub/cli.ts', 'init', '--name', name, '--port', port, '--json', ...storage],
      {
        env,
      },
    );
    return (JSON.parse(out.toString('utf8')) as { inviteCode: string }).inviteCode;
  });
  const child = spawn(TSX, ['src/hub/cli.ts', 'serve', '--port', port, ...storage], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes('listening')) resolve();
    });
    child.once('exit', () => reject(new Error('The hub process ended before it listened.')));
  });
  return {
    invites,
    async close() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function team(inviteCode: string, label: string): Promise<{ hubId: string; a: Wallet; b: Wallet }> {
  const a = await wallet(`${label}-a`);
  const { hubId } = await a.hubs.join(inviteCode, { deviceName: 'Bench A' });
  const b = await wallet(`${label}-b`);
  const invite = await a.hubs.createInvite(hubId);
  await b.hubs.join(invite.code, { deviceName: 'Bench B' });
  await a.hubs.sync(hubId);
  await b.hubs.sync(hubId);
  return { hubId, a, b };
}

async function firstSync(inviteCode: string, label: string): Promise<void> {
  const { hubId, a, b } = await team(inviteCode, `${label}-first`);
  a.vault.session().sqlite.transaction(() => {
    for (let i = 0; i < N; i += 1)
      a.keys.create({ hubId, provider: 'anthropic', name: `key ${i}`, secret: anthropicKey() });
  })();
  const push = await timeMs(() => a.hubs.sync(hubId));
  report(`${label}: A pushes ${N} new items (first sync)`, `${(push / 1000).toFixed(2)} s`, {
    ok: push <= 3000,
    text: '<= 3 s',
  });
  const pull = await timeMs(() => b.hubs.sync(hubId));
  const count = b.keys.list({ hubId }).length;
  report(`${label}: B pulls and opens ${count} items (first sync)`, `${(pull / 1000).toFixed(2)} s`, {
    ok: pull <= 3000 && count === N,
    text: '<= 3 s',
  });
  const rotation = await timeMs(() => a.hubs.rotate(hubId));
  report(`${label}: rotate the hub key, re-seal ${N} items`, `${(rotation / 1000).toFixed(2)} s`);
  const resync = await timeMs(() => b.hubs.sync(hubId));
  report(`${label}: B takes the rotated key and ${N} re-sealed items`, `${(resync / 1000).toFixed(2)} s`);
  a.close();
  b.close();
}

async function liveLatency(inviteCode: string, label: string): Promise<void> {
  const { hubId, a, b } = await team(inviteCode, `${label}-live`);
  a.hubs.startLive(hubId);
  b.hubs.startLive(hubId);
  await new Promise((r) => setTimeout(r, 300));
  const samples: number[] = [];
  for (let i = 0; i < LIVE_SAMPLES; i += 1) {
    const name = `live ${i}`;
    const seen = new Promise<void>((resolve) => {
      const stop = b.hubs.onSynced(() => {
        if (b.keys.list({ hubId }).some((k) => k.name === name)) {
          stop();
          resolve();
        }
      });
    });
    const started = performance.now();
    a.keys.create({ hubId, provider: 'anthropic', name, secret: anthropicKey() });
    await seen;
    samples.push(performance.now() - started);
  }
  samples.sort((x, y) => x - y);
  const p95 = percentile(samples, 95);
  report(
    `${label}: one change on A visible at B (live, n=${LIVE_SAMPLES})`,
    `median ${median(samples).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${samples.at(-1)?.toFixed(0)} ms`,
    { ok: p95 <= 500, text: 'p95 <= 500 ms' },
  );
  a.hubs.stopAll();
  b.hubs.stopAll();

  const key = a.keys.create({ hubId, provider: 'anthropic', name: 'pushed', secret: anthropicKey() });
  await a.hubs.sync(hubId);
  const elapsed = await timeMs(async () => {
    for (let i = 0; i < PUSHES; i += 1) {
      a.keys.update({ id: key.id, notes: `edit ${i}` });
      await a.hubs.sync(hubId);
    }
  });
  report(
    `${label}: single-change syncs through the wallet`,
    `${((PUSHES * 1000) / elapsed).toFixed(0)} pushes/s`,
  );
  a.close();
  b.close();
}

async function run(label: string, hub: HubProcess): Promise<void> {
  heading(`Team-hub sync on ${label} (hub in its own process)`);
  try {
    await firstSync(hub.invites[0] ?? '', label);
    await liveLatency(hub.invites[1] ?? '', label);
  } finally {
    await hub.close();
  }
}

const { DATABASE_URL: _ignored, ...baseEnv } = process.env;
try {
  await run('PGlite', await hubProcess(baseEnv, join(root, 'hub')));
  const why = postgresUnavailable();
  if (why) console.log(`\nPostgreSQL run skipped: ${why}`);
  else {
    const postgres = await startPostgres();
    try {
      await run('PostgreSQL', await hubProcess({ ...baseEnv, DATABASE_URL: postgres.url }));
    } finally {
      await postgres.stop();
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
