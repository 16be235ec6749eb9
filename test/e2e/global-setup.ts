// Runs once before the e2e suite: builds the real renderer and the page bridge that every test's
// page loads. AIKEY_E2E_SKIP_BUILD=1 reuses the last build while iterating on the tests themselves;
// CI never sets it, so the suite always runs against the renderer as committed.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { buildPageBridge, buildRenderer, PAGE_BRIDGE_BUNDLE, RENDERER_ROOT } from './harness/build.js';

export default async function globalSetup(): Promise<void> {
  const reuse =
    process.env.AIKEY_E2E_SKIP_BUILD === '1' && existsSync(RENDERER_ROOT) && existsSync(PAGE_BRIDGE_BUNDLE);
  if (reuse) {
    console.log('aikey-e2e: AIKEY_E2E_SKIP_BUILD=1, reusing out/renderer and the page bridge');
    return;
  }
  buildRenderer();
  await buildPageBridge();
}
