// Broker benchmark: the same chat completions sent straight to a mock provider, through a bare
// node:http proxy (bare-proxy.mjs: the ceiling of any proxy on node:http here), through the wallet's
// broker (/proxy/openai) and through Portkey's gateway, in one run, as ratios to direct.
// Each of the three servers and the load generator (wrk, or a Node client) has its own process.
// Figures: added p50 at 1 connection, throughput at 16 connections, added time to the first chunk of
// a stream, 64 concurrent streams (errors) and the broker's resident memory after them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { heading, median, report } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const HAVE_WRK = spawnSync('sh', ['-c', 'command -v wrk']).status === 0;
const KEY = `sk-proj-${'b'.repeat(48)}`;
const children: ChildProcess[] = [];

interface Target {
  name: string;
  port: number;
  path: string;
  auth: string;
  portkeyHost?: string;
  pid?: number;
}

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** Starts a process and resolves with the first JSON line it prints. */
function startChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) resolve({ child, info: JSON.parse(line) as Record<string, unknown> });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One POST; resolves with status, time to first body byte and total time (ms), and the body. */
function call(
  target: Target,
  body: string,
  agent: Agent,
): Promise<{ status: number; firstMs: number; totalMs: number; text: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let firstMs = 0;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${target.auth}`,
    };
    if (target.portkeyHost) {
      headers['x-portkey-provider'] = 'openai';
      headers['x-portkey-custom-host'] = target.portkeyHost;
    }
    const req = request(
      { host: '127.0.0.1', port: target.port, path: target.path, method: 'POST', headers, agent },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (firstMs === 0) firstMs = performance.now() - started;
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, firstMs, totalMs: performance.now() - started, text }),
        );
        res.on('error', () => resolve({ status: 0, firstMs, totalMs: 0, text }));
      },
    );
    req.on('error', () => resolve({ status: 0, firstMs: 0, totalMs: 0, text: '' }));
    req.end(body);
  });
}

async function waitReady(target: Target): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  for (let i = 0; i < 100; i += 1) {
    const res = await call(target, '{"model":"gpt-4o-mini","messages":[]}', agent);
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${target.name} never answered 200`);
}

function load(target: Target, connections: number): Promise<LoadResult> {
  if (!HAVE_WRK) throw new Error('wrk is not installed');
  const url = `http://127.0.0.1:${target.port}${target.path}`;
  const args = [
    '-t',
    '1',
    '-c',
    String(connections),
    '-d',
    `${SECONDS}s`,
    '--latency',
    '-s',
    join(import.meta.dirname, 'wrk-post.lua'),
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, {
      env: { ...process.env, BENCH_TOKEN: target.auth, BENCH_PORTKEY_HOST: target.portkeyHost ?? '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(/WRK (\{.*\})/.exec(out)?.[1] ?? 'null') as LoadResult));
  });
}

const STREAM = JSON.stringify({
  model: 'gpt-4o-mini',
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

async function firstChunk(target: Target): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  for (let i = 0; i < 40; i += 1) {
    const res = await call(target, STREAM, agent);
    if (res.status !== 200 || !res.text.includes('[DONE]'))
      throw new Error(`${target.name}: stream failed (${res.status})`);
    if (i >= 5) samples.push(res.firstMs);
  }
  agent.destroy();
  return median(samples);
}

async function concurrentStreams(target: Target, count: number): Promise<{ errors: number; wall: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: count });
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: count }, () => call(target, STREAM, agent)));
  agent.destroy();
  const errors = results.filter((r) => r.status !== 200 || !r.text.trimEnd().endsWith('data: [DONE]')).length;
  return { errors, wall: performance.now() - started };
}

function rssMb(pid: number | undefined): string {
  if (pid === undefined) return '?';
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return `${(kb('VmRSS') / 1024).toFixed(0)} MB (peak ${(kb('VmHWM') / 1024).toFixed(0)} MB)`;
}

async function startPortkey(upstream: string): Promise<Target | string> {
  const entry = join(process.cwd(), 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', join(import.meta.dirname, 'portkey-loopback.mjs'), entry, `--port=${port}`, '--headless'],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  children.push(child);
  const target: Target = {
    name: 'portkey',
    port,
    path: '/v1/chat/completions',
    auth: KEY,
    portkeyHost: `${upstream}/v1`,
    pid: child.pid,
  };
  try {
    await waitReady(target);
    return target;
  } catch (error) {
    return `Portkey did not start: ${(error as Error).message}`;
  }
}

async function main(): Promise<void> {
  const mock = await startChild(process.execPath, [join(import.meta.dirname, 'broker-mock.mjs')]);
  const upstream = `http://127.0.0.1:${mock.info.port as number}`;
  const broker = await startChild(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'broker-serve.ts')],
    { BENCH_UPSTREAM: upstream },
  );
  const direct: Target = {
    name: 'direct',
    port: mock.info.port as number,
    path: '/v1/chat/completions',
    auth: KEY,
  };
  const brokered: Target = {
    name: 'broker',
    port: broker.info.port as number,
    path: '/proxy/openai/chat/completions',
    auth: broker.info.token as string,
    pid: broker.child.pid,
  };
  await waitReady(brokered);
  const bareProxy = await startChild(process.execPath, [join(import.meta.dirname, 'bare-proxy.mjs')], {
    BENCH_UPSTREAM: `${upstream}/v1`,
  });
  const ceiling: Target = {
    name: 'bare proxy',
    port: bareProxy.info.port as number,
    path: '/chat/completions',
    auth: KEY,
    pid: bareProxy.child.pid,
  };
  await waitReady(ceiling);
  const portkey = await startPortkey(upstream);
  const targets = [direct, ceiling, brokered, ...(typeof portkey === 'string' ? [] : [portkey])];
  if (typeof portkey === 'string') console.log(`Portkey skipped: ${portkey}`);

  heading(`Chat completions, ${SECONDS} s per run (wrk, keep-alive)`);
  const results = new Map<string, { one: LoadResult; sixteen: LoadResult }>();
  for (const target of targets) {
    const one = await load(target, 1);
    const sixteen = await load(target, 16);
    results.set(target.name, { one, sixteen });
    const rps = (r: LoadResult) => (r.requests / r.seconds).toFixed(0);
    report(
      `${target.name}: 1 conn`,
      `${rps(one)} req/s, p50 ${one.p50.toFixed(3)} ms, p99 ${one.p99.toFixed(3)} ms, ${one.errors} errors`,
    );
    report(
      `${target.name}: 16 conn`,
      `${rps(sixteen)} req/s, p50 ${sixteen.p50.toFixed(3)} ms, p99 ${sixteen.p99.toFixed(3)} ms, ${sixteen.errors} errors`,
    );
  }
  const base = results.get('direct')!;
  heading('Added to direct');
  for (const target of targets.slice(1)) {
    const r = results.get(target.name)!;
    const added = r.one.p50 - base.one.p50;
    const ratio1 = r.one.requests / r.one.seconds / (base.one.requests / base.one.seconds);
    const ratio16 = r.sixteen.requests / r.sixteen.seconds / (base.sixteen.requests / base.sixteen.seconds);
    const mine = target.name === 'broker';
    report(
      `${target.name}: added p50 at 1 conn`,
      `${added.toFixed(3)} ms`,
      mine ? { ok: added <= 0.2, text: '<= 0.2 ms' } : undefined,
    );
    report(`${target.name}: throughput at 1 conn`, `${ratio1.toFixed(2)}x direct`);
    report(
      `${target.name}: throughput at 16 conn`,
      `${ratio16.toFixed(3)}x direct`,
      mine ? { ok: ratio16 >= 0.5, text: '>= 0.5x' } : undefined,
    );
  }
  const rps16 = (name: string) => {
    const r = results.get(name)!.sixteen;
    return r.requests / r.seconds;
  };
  report(
    'broker / bare proxy, 16 conn',
    `${(rps16('broker') / rps16('bare proxy')).toFixed(2)}x (the bare proxy itself: ${(rps16('bare proxy') / rps16('direct')).toFixed(3)}x direct, the most any node:http proxy reaches here)`,
  );

  heading('Streams (8 chunks, first at once, 2 ms apart)');
  const firsts = new Map<string, number>();
  for (const target of targets) firsts.set(target.name, await firstChunk(target));
  for (const target of targets) {
    const added = firsts.get(target.name)! - firsts.get('direct')!;
    report(
      `${target.name}: time to first chunk (median)`,
      `${firsts.get(target.name)!.toFixed(3)} ms${target.name === 'direct' ? '' : `, added ${added.toFixed(3)} ms`}`,
      target.name === 'broker' ? { ok: added <= 1, text: '<= 1 ms' } : undefined,
    );
  }
  for (const target of targets.slice(1)) {
    const { errors, wall } = await concurrentStreams(target, 64);
    report(
      `${target.name}: 64 concurrent streams`,
      `${errors} errors, ${wall.toFixed(0)} ms wall`,
      target.name === 'broker' ? { ok: errors === 0, text: '0 errors' } : undefined,
    );
    report(`${target.name}: resident memory after`, rssMb(target.pid));
  }
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGTERM');
}
