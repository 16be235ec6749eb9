// The e2e suite: the real renderer build in Debian's Chromium, talking to the real main-process
// stack through the harness (test/e2e/harness). One worker, since the machine has two cores and each
// test runs its own harness process beside the browser. Never download Playwright's own browsers:
// CI installs Debian's chromium, and this points at it.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  // Its TypeScript loader resolves the #core/… aliases through tsconfig paths, not package.json imports.
  tsconfig: './tsconfig.node.json',
  // Includes electron.spec.ts (the Electron glue smoke test), which skips and says why without Electron.
  testMatch: '*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  use: {
    headless: true,
    viewport: { width: 1100, height: 720 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.AIKEY_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
