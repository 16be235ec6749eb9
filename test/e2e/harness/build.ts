// Builds what the e2e suite and the UI benchmark load: the real renderer (electron-vite build, the
// same command `npm run build` runs) and the page bridge bundle. Run once per suite from the
// Playwright globalSetup, and by bench/ui.bench.ts. Never builds anything but these two outputs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { build } from 'esbuild';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..');
export const RENDERER_ROOT = join(PROJECT_ROOT, 'out', 'renderer');
export const PAGE_BRIDGE_BUNDLE = join(PROJECT_ROOT, 'out', 'e2e', 'page-bridge.js');

export function buildRenderer(): void {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`aikey-e2e: electron-vite build failed\n${result.stdout}\n${result.stderr}`);
  }
}

export async function buildPageBridge(): Promise<void> {
  await build({
    entryPoints: [join(import.meta.dirname, 'page-bridge.ts')],
    outfile: PAGE_BRIDGE_BUNDLE,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome130',
    logLevel: 'warning',
  });
}
