// Push, not poll: the window learns of changes made outside it because main tells it. An idle window
// sends main nothing at all; a key and a token added by another process on the same vault (what the
// CLI does) show up on their own; a system suspend locks the vault and the window shows the unlock
// screen saying it locked itself. The outside writer is the core wallet opened on the harness's data
// directory, exactly as `aikey add` opens it.
import type { Page, Request } from '@playwright/test';
import { createWallet, type Wallet } from '#core/wallet.js';
import { expect, test } from './fixtures.js';
import { GROQ_KEY, PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { KeysPage } from './pages/keys-page.js';
import { AppShell } from './pages/shell.js';
import { UnlockPage } from './pages/vault-pages.js';

test.use({
  harnessOptions: {
    vaultPassword: PASSWORD,
    settings: { lockOnSuspend: true },
    keys: [{ provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY }],
  },
});

function recordIpc(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/__ipc/')) calls.push(decodeURIComponent(path.slice('/__ipc/'.length)));
  });
  return calls;
}

async function outsideWallet(dataDir: string): Promise<Wallet> {
  const wallet = createWallet({ dataDir });
  await wallet.vault.unlock(PASSWORD);
  return wallet;
}

test('an idle window asks main nothing, and a key the CLI adds appears on its own', async ({
  app,
  harness,
}) => {
  const calls = recordIpc(app);
  const keys = new KeysPage(app);
  await expect(keys.rows()).toHaveCount(1);
  calls.length = 0;

  // Longer than the old 3 s and 4 s polls: nothing may be asked while nobody does anything.
  await app.waitForTimeout(5_000);
  expect(calls).toEqual([]);

  const cli = await outsideWallet(harness.dataDir);
  try {
    cli.keys.create({ provider: 'groq', name: 'from cli', secret: GROQ_KEY });
    await expect(keys.row('Groq', 'from cli')).toBeVisible();
    await expect(keys.rows()).toHaveCount(2);
    expect(calls).not.toContain('vault:status');
  } finally {
    cli.close();
  }
});

test('a token the CLI creates appears on the Tokens screen on its own', async ({ app, harness }) => {
  const shell = new AppShell(app);
  await shell.open('Access tokens');
  const cli = await outsideWallet(harness.dataDir);
  try {
    cli.tokens.create({ name: 'made by cli' });
    await expect(app.getByText('made by cli')).toBeVisible();
  } finally {
    cli.close();
  }
});

test('a system suspend locks the vault and the window shows it at once', async ({ app, harness }) => {
  const keys = new KeysPage(app);
  await expect(keys.rows()).toHaveCount(1);
  harness.send({ command: 'suspend' });
  const unlock = new UnlockPage(app);
  await expect(unlock.heading).toBeVisible();
  await expect(new AppShell(app).toast('Locked')).toBeVisible();
  await expect(app.locator('body')).not.toContainText('work');

  await unlock.password.fill(PASSWORD);
  await unlock.unlock.click();
  await expect(keys.rows()).toHaveCount(1);
});
