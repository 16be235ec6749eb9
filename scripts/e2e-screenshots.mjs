// Refreshes docs/screenshots/*.png (first-run, recovery, unlock, keys, add-key, tokens, audit,
// settings) by running the e2e suite with AIKEY_SCREENSHOTS=1: the pictures in the README are of the
// real renderer build driving the real main-process stack, never mock-ups.
// Run with the pinned Node 22: npx node scripts/e2e-screenshots.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';

const projectRoot = join(import.meta.dirname, '..');
mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
const run = spawnSync(process.execPath, [cli, 'test', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, AIKEY_SCREENSHOTS: '1' },
});
process.exitCode = run.status ?? 1;
