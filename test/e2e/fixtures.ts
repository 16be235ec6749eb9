// The e2e fixtures: every test gets its own harness process (a fresh temporary data directory and the
// real main-process stack), its own fake provider on loopback, and a page whose window.aikey reaches
// that harness. A test fails if the page throws or the CSP refuses anything, since either means the
// shipped renderer would break the same way under Electron.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { PAGE_BRIDGE_BUNDLE, PROJECT_ROOT, RENDERER_ROOT } from './harness/build.js';
import { spawnHarness, type HarnessProcess } from './harness/client.js';
import { startFakeProvider, type FakeProvider } from './harness/fake-provider.js';
import type { HarnessRequest } from './harness/options.js';
import { RATE_LIMITED_OPENAI_KEY, VALID_OPENAI_KEY } from './data.js';

export interface E2eFixtures {
  /** Setup for this test's harness; the default is a first run (no vault yet). */
  harnessOptions: Omit<HarnessRequest, 'rendererRoot'>;
  harness: HarnessProcess;
  fakeProvider: FakeProvider;
  /** The page, opened on the harness with window.aikey in place. */
  app: Page;
}

export const test = base.extend<E2eFixtures>({
  harnessOptions: [{}, { option: true }],

  harness: async ({ harnessOptions }, use) => {
    const harness = await spawnHarness({ ...harnessOptions, rendererRoot: RENDERER_ROOT });
    await use(harness);
    await harness.stop();
  },

  // Playwright reads a fixture's dependencies from its first parameter, which must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  fakeProvider: async ({}, use) => {
    const provider = await startFakeProvider({
      validKeys: [VALID_OPENAI_KEY],
      rateLimitedKeys: [RATE_LIMITED_OPENAI_KEY],
    });
    await use(provider);
    await provider.close();
    expect(provider.keySeenInUrl, 'a provider key was sent in a URL').toBe(false);
  },

  app: async ({ page, harness }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
        problems.push(`CSP: ${message.text()}`);
      }
    });
    await page.addInitScript({ content: readFileSync(PAGE_BRIDGE_BUNDLE, 'utf8') });
    await page.goto(harness.url);
    await use(page);
    expect(problems, 'the page threw or the CSP refused something').toEqual([]);
  },
});

export { expect };

/**
 * Saves a screenshot of a main screen. With AIKEY_SCREENSHOTS=1 (scripts/e2e-screenshots.mjs) it
 * refreshes docs/screenshots/<name>.png for the README; otherwise it goes to the test's output folder,
 * so an ordinary run never rewrites tracked files.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path =
    process.env.AIKEY_SCREENSHOTS === '1'
      ? join(PROJECT_ROOT, 'docs', 'screenshots', `${name}.png`)
      : testInfo.outputPath(`${name}.png`);
  // Toasts left over from earlier steps and a focus ring would only clutter the picture.
  await page.evaluate('document.activeElement?.blur()');
  await page.screenshot({
    path,
    animations: 'disabled',
    caret: 'hide',
    style: '[aria-label^="Notifications"] { visibility: hidden !important; }',
  });
}
