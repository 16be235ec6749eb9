// The trust suite's leak search (bench/trust) after a small run: a planted key, read through the
// endpoint, fuzzed at, brute-forced and fed bad input, is then hunted for (plain, hex, base64,
// UTF-16) in every file of the data directory, everything serve and each command printed, `ps`,
// /proc/<serve>/environ and the audit log. It is never there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { badInput } from '#bench/trust/bad-input.js';
import { bruteForce } from '#bench/trust/brute-force.js';
import { fuzzEndpoint } from '#bench/trust/fuzz.js';
import { leaks, needles, search } from '#bench/trust/leaks.js';
import { createWorld, type TrustWorld } from '#bench/trust/world.js';

const SEED = 47_826;
let world: TrustWorld;
beforeAll(async () => {
  world = await createWorld(SEED);
});
afterAll(() => world.close());

it('the search finds a key in each encoding it looks for', () => {
  const key = 'sk-proj-TRUSTPLANTabcdefghijklmnopqrstuvwxyz0123456789';
  for (const needle of needles(key)) {
    const blob = Buffer.concat([Buffer.from('prefix:'), needle.bytes, Buffer.from(':suffix')]);
    expect(search('blob', blob, key).map((h) => h.encoding)).toContain(needle.name);
  }
  const embedded = Buffer.from(`{"k":"${key}"}`).toString('base64');
  expect(search('json', Buffer.from(embedded), key).length).toBeGreaterThan(0);
});

it('after a small run the planted key is nowhere but in `aikey get`', async () => {
  const parts = [
    await fuzzEndpoint(world, { requests: 50, seed: SEED }),
    await bruteForce(world, { wrongRequests: 50, latencySamples: 20, maxSlowdown: 10, seed: SEED }),
    await badInput(world, { perCommand: 1 }),
    await leaks(world),
  ];
  expect(parts.flatMap((p) => p.failures)).toEqual([]);
}, 90_000);
