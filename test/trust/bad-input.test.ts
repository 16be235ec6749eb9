// The trust suite's bad-input part (bench/trust), a few cases of every aikey command that takes a
// value: oversize, invalid UTF-8, control characters, NUL, path-like names, bad dates, ports,
// providers, hubs, URLs and tokens. Each exits with a documented code (never 1), in one line on
// stderr, and the vault's keys, tokens and hubs are unchanged. `npm run trust` runs every case.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { badInput } from '#bench/trust/bad-input.js';
import { createWorld, type TrustWorld } from '#bench/trust/world.js';

let world: TrustWorld;
beforeAll(async () => {
  world = await createWorld(47_825);
});
afterAll(() => world.close());

it('bad values for every command are refused with a documented code and change nothing', async () => {
  const result = await badInput(world, { perCommand: 2 });
  expect(result.failures).toEqual([]);
}, 90_000);
