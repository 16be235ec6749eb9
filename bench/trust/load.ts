// Part 3: load and soak. Many concurrent kept-alive clients read a key from `aikey serve` with a valid
// token, many times over: every answer must be 200 (no errors, no 503 busy, no dropped
// connection). Prints throughput and latency, and the serve process's resident memory (VmRSS from
// /proc) after a warm-up, at its peak and at the end, so growth under sustained use shows.
import { readFileSync } from 'node:fs';
import { heading, percentile, report } from '../lib.js';
import { KeepAliveClient } from './http.js';
import { startServe } from './processes.js';
import { PROVIDER, runPart, type PartResult, type TrustWorld } from './world.js';

export interface LoadOptions {
  requests: number;
  clients: number;
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) / 1024;
}

async function hammer(
  port: number,
  token: string,
  requests: number,
  clients: number,
): Promise<{ latencies: Float64Array; errors: string[]; seconds: number }> {
  const latencies = new Float64Array(requests);
  const errors: string[] = [];
  let issued = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new KeepAliveClient(port);
      while (issued < requests) {
        issued += 1;
        try {
          const answer = await client.get(`/v1/keys/${PROVIDER}`, { Authorization: `Bearer ${token}` });
          if (answer.status === 200) latencies[done++] = answer.ms;
          else errors.push(`${answer.status} ${answer.body.slice(0, 120)}`);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
      client.close();
    }),
  );
  return { latencies: latencies.subarray(0, done), errors, seconds: (performance.now() - started) / 1000 };
}

export function loadAndSoak(world: TrustWorld, options: LoadOptions): Promise<PartResult> {
  return runPart('load and soak', async (failures) => {
    heading(`Part 3. Load and soak: ${options.clients} kept-alive clients, ${options.requests} requests`);
    const serve = await startServe(world);
    try {
      const warm = await hammer(serve.port, world.token, Math.min(5_000, options.requests), options.clients);
      const rssWarm = rssMiB(serve.pid);
      let rssPeak = rssWarm;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(serve.pid))), 250);
      // Two halves: steady memory grows in the first (caches, the WAL) and stays put in the second.
      const half = Math.floor(options.requests / 2);
      const first = await hammer(serve.port, world.token, half, options.clients);
      const rssMid = rssMiB(serve.pid);
      const second = await hammer(serve.port, world.token, options.requests - half, options.clients).finally(
        () => clearInterval(sampler),
      );
      const rssEnd = rssMiB(serve.pid);
      const run = {
        latencies: [...first.latencies, ...second.latencies],
        seconds: first.seconds + second.seconds,
      };
      const sorted = run.latencies.sort((a, b) => a - b);
      const errors = [...warm.errors, ...first.errors, ...second.errors];
      report(
        `GET /v1/keys/${PROVIDER}, ${options.clients} clients`,
        `${(run.latencies.length / run.seconds).toFixed(0)} req/s  p50 ${percentile(sorted, 50).toFixed(2)} ms  p99 ${percentile(sorted, 99).toFixed(2)} ms  (${run.seconds.toFixed(1)} s)`,
      );
      report('errors (non-200 or dropped)', String(errors.length), { ok: errors.length === 0, text: '0' });
      report(
        'serve RSS after warm-up / half-way / end (peak)',
        `${rssWarm.toFixed(1)} / ${rssMid.toFixed(1)} / ${rssEnd.toFixed(1)} MiB (${rssPeak.toFixed(1)})`,
      );
      report(
        'serve RSS growth, first half / second half',
        `${(rssMid - rssWarm).toFixed(1)} / ${(rssEnd - rssMid).toFixed(1)} MiB`,
      );
      if (errors.length > 0)
        failures.push(`${errors.length} errors under load, e.g. ${errors.slice(0, 3).join(' | ')}`);
      if (!serve.alive()) failures.push('serve died under load');
      return `${(run.latencies.length / run.seconds).toFixed(0)} req/s, p99 ${percentile(sorted, 99).toFixed(2)} ms, ${errors.length} errors, RSS +${(rssMid - rssWarm).toFixed(1)} then +${(rssEnd - rssMid).toFixed(1)} MiB`;
    } finally {
      await serve.stop();
    }
  });
}
