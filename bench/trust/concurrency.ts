// Part 5: concurrent writers. Many `aikey keys add` processes at once (distinct names) while
// `aikey serve` holds the vault open: each takes the write lock in turn within its busy wait, so
// all of them exit 0 and every key is there. test/cli/concurrency.test.ts keeps a smaller version
// of this in `npm test`.
import { heading, report } from '../lib.js';
import { createPrng } from './prng.js';
import { runAikey, startServe } from './processes.js';
import { PROVIDER, runPart, type PartResult, type TrustWorld } from './world.js';

export interface ConcurrencyOptions {
  writers: number;
  seed: number;
}

export function concurrentWriters(world: TrustWorld, options: ConcurrencyOptions): Promise<PartResult> {
  return runPart('concurrency', async (failures) => {
    heading(`Part 5. ${options.writers} parallel \`aikey keys add\` beside a running serve`);
    const rng = createPrng(options.seed);
    const serve = await startServe(world);
    try {
      const started = performance.now();
      const runs = await Promise.all(
        Array.from({ length: options.writers }, (_, i) =>
          runAikey(
            world,
            ['keys', 'add', PROVIDER, '--name', `c${i}`, '--password-file', world.passwordFile],
            {
              stdin: `sk-proj-${rng.text(48)}\n`,
            },
          ),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const failed = runs.filter((r) => r.code !== 0);
      const listed = await runAikey(world, ['keys', 'list', '--json', '--password-file', world.passwordFile]);
      const names = new Set((JSON.parse(listed.stdout || '[]') as { name: string }[]).map((k) => k.name));
      const missing = runs.map((_, i) => `c${i}`).filter((n) => !names.has(n));
      report(`${options.writers} writers`, `${seconds.toFixed(1)} s wall, ${failed.length} failed`, {
        ok: failed.length === 0,
        text: 'all exit 0',
      });
      report('keys present afterwards', `${options.writers - missing.length} of ${options.writers}`, {
        ok: missing.length === 0,
        text: 'all',
      });
      if (failed.length > 0)
        failures.push(
          `${failed.length} writers failed, e.g. exit ${failed[0]!.code}: ${failed[0]!.stderr.trim()}`,
        );
      if (missing.length > 0) failures.push(`missing keys: ${missing.join(', ')}`);
      if (!serve.alive()) failures.push('serve died while the writers ran');
      return `${options.writers} writers in ${seconds.toFixed(1)} s: ${failed.length} failed, ${missing.length} missing`;
    } finally {
      await serve.stop();
    }
  });
}
