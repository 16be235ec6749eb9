// Part 2: brute force against `aikey serve`. The valid token's median latency on GET /v1/keys/<p>,
// then a flood of wrong tokens over a few kept-alive connections: once the limiter trips, every wrong
// guess must be 429 (never another 401), and afterwards the valid token must answer as fast as
// before (its median within 2x): guessing must not lock out, or slow down, the rightful client.
import { heading, median, report } from '../lib.js';
import { KeepAliveClient } from './http.js';
import { createPrng } from './prng.js';
import { startServe } from './processes.js';
import { PROVIDER, runPart, type PartResult, type TrustWorld } from './world.js';

/** The endpoint's default (maxAuthFailures in src/core/endpoint/server.ts). */
const FAILURES_BEFORE_429 = 10;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export interface BruteForceOptions {
  wrongRequests: number;
  latencySamples: number;
  connections?: number;
  /** How much slower the valid token may answer after the flood (default 2x). */
  maxSlowdown?: number;
  seed: number;
}

async function validMedian(client: KeepAliveClient, token: string, samples: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const answer = await client.get(`/v1/keys/${PROVIDER}`, { Authorization: `Bearer ${token}` });
    if (answer.status !== 200) throw new Error(`the valid token got ${answer.status}: ${answer.body}`);
    times.push(answer.ms);
  }
  return median(times);
}

export function bruteForce(world: TrustWorld, options: BruteForceOptions): Promise<PartResult> {
  return runPart('brute force', async (failures) => {
    const connections = options.connections ?? 4;
    heading(`Part 2. Brute force: ${options.wrongRequests} wrong tokens over ${connections} connections`);
    const rng = createPrng(options.seed);
    const serve = await startServe(world);
    const valid = new KeepAliveClient(serve.port);
    try {
      await validMedian(valid, world.token, 200);
      const before = await validMedian(valid, world.token, options.latencySamples);
      // Wrong guesses: random tokens, the real token id with a wrong secret, and malformed values.
      const guess = () => {
        const roll = rng.int(3);
        if (roll === 0)
          return `aik_${rng.text(12, 'abcdefghijkmnpqrstuvwxyz23456789')}_${rng.text(43, TOKEN_ALPHABET)}`;
        if (roll === 1) return `${world.token.slice(0, 17)}${rng.text(43, TOKEN_ALPHABET)}`;
        return rng.text(rng.between(1, 80), TOKEN_ALPHABET);
      };
      const statuses = new Map<number, number>();
      let late401 = 0;
      const perConnection = Math.ceil(options.wrongRequests / connections);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          const client = new KeepAliveClient(serve.port);
          let tripped = false;
          for (let i = 0; i < perConnection; i += 1) {
            const { status } = await client.get(`/v1/keys/${PROVIDER}`, {
              Authorization: `Bearer ${guess()}`,
            });
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 429) tripped = true;
            else if (tripped) late401 += 1;
          }
          client.close();
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const after = await validMedian(valid, world.token, options.latencySamples);
      const n401 = statuses.get(401) ?? 0;
      const n429 = statuses.get(429) ?? 0;
      const other = perConnection * connections - n401 - n429;
      report('valid token p50 before', `${before.toFixed(3)} ms (${options.latencySamples} requests)`);
      report(
        'wrong tokens: 401 before the limiter tripped, then 429',
        `${n401} x 401, ${n429} x 429, ${other} other, ${late401} x 401 after a 429 (${((perConnection * connections) / seconds).toFixed(0)} req/s)`,
        {
          ok: other === 0 && late401 === 0 && n401 > 0 && n401 <= FAILURES_BEFORE_429,
          text: `<= ${FAILURES_BEFORE_429} x 401, rest 429`,
        },
      );
      const ratio = after / before;
      const maxSlowdown = options.maxSlowdown ?? 2;
      report('valid token p50 after', `${after.toFixed(3)} ms (${ratio.toFixed(2)}x before)`, {
        ok: ratio <= maxSlowdown,
        text: `<= ${maxSlowdown}x`,
      });
      if (other > 0)
        failures.push(`wrong tokens got statuses other than 401/429: ${JSON.stringify([...statuses])}`);
      if (late401 > 0) failures.push(`${late401} wrong tokens got 401 after the limiter had answered 429`);
      if (n401 === 0 || n401 > FAILURES_BEFORE_429)
        failures.push(`${n401} wrong tokens got 401 (expected 1..${FAILURES_BEFORE_429})`);
      if (ratio > maxSlowdown)
        failures.push(`the valid token's p50 went from ${before.toFixed(3)} ms to ${after.toFixed(3)} ms`);
      return `${n401} x 401 then ${n429} x 429; valid p50 ${before.toFixed(2)} -> ${after.toFixed(2)} ms`;
    } finally {
      valid.close();
      await serve.stop();
    }
  });
}
