// The trust suite's raw-socket HTTP fuzz (bench/trust, `npm run trust`), kept small and on one fixed
// seed in `npm test`: malformed bytes at `aikey serve` and at `aikey-hub serve` (PGlite) never get a
// 5xx, not even one only the hub's log saw, and both still answer GET /health. It complements
// test/core/endpoint/fuzz.test.ts (well-formed HTTP through node:http) with framing-level garbage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzEndpoint, fuzzHub } from '#bench/trust/fuzz.js';
import { createWorld, type TrustWorld } from '#bench/trust/world.js';

const SEED = 47_823;
let world: TrustWorld;
beforeAll(async () => {
  world = await createWorld(SEED);
});
afterAll(() => world.close());

describe('raw-socket HTTP fuzz', () => {
  it('200 malformed requests at aikey serve: no 5xx, still alive', async () => {
    const result = await fuzzEndpoint(world, { requests: 200, seed: SEED });
    expect(result.failures).toEqual([]);
  }, 60_000);

  it('200 malformed requests at aikey-hub serve: no 5xx answered or logged, still alive', async () => {
    const result = await fuzzHub(world, { requests: 200, seed: SEED + 1 });
    expect(result.failures).toEqual([]);
  }, 90_000);
});
