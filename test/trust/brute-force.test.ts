// The trust suite's brute-force part (bench/trust), small: after a handful of wrong tokens the
// endpoint answers 429 and never 401 again, while the valid token keeps working at about its speed
// (a loose bound here: `npm run trust` holds it to 2x on a quiet machine).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bruteForce } from '#bench/trust/brute-force.js';
import { createWorld, type TrustWorld } from '#bench/trust/world.js';

const SEED = 47_824;
let world: TrustWorld;
beforeAll(async () => {
  world = await createWorld(SEED);
});
afterAll(() => world.close());

it('100 wrong tokens: at most 10 x 401, then only 429; the valid token still answers', async () => {
  const result = await bruteForce(world, {
    wrongRequests: 100,
    latencySamples: 50,
    maxSlowdown: 10,
    seed: SEED,
  });
  expect(result.failures).toEqual([]);
}, 60_000);
