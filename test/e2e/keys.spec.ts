// The Keys screen with a vault that already holds keys: the Test button's other answers, delete with
// undo, and Recently deleted with restore. A deleted key must come back intact, never lost.
import { expect, saveScreenshot, test } from './fixtures.js';
import {
  ANTHROPIC_KEY,
  GROQ_KEY,
  inDays,
  PASSWORD,
  RATE_LIMITED_OPENAI_KEY,
  UNKNOWN_OPENAI_KEY,
  VALID_OPENAI_KEY,
} from './data.js';
import { KeysPage } from './pages/keys-page.js';

test.use({
  harnessOptions: {
    vaultPassword: PASSWORD,
    settings: { revealSeconds: 5 },
    keys: [
      { provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY, notes: 'billing: team A' },
      { provider: 'anthropic', name: 'default', secret: ANTHROPIC_KEY, expiresAt: inDays(5) },
      { provider: 'groq', name: 'old', secret: GROQ_KEY, expiresAt: inDays(-3) },
    ],
  },
});

test('the list shows masked keys with expiry badges; Test tells invalid and rate-limited keys apart', async ({
  app,
  fakeProvider,
}, testInfo) => {
  const keys = new KeysPage(app);
  await expect(keys.heading).toBeVisible();
  await expect(keys.rows()).toHaveCount(3);
  // Grouped by hub and provider, even with the Personal hub alone.
  await expect(app.getByRole('heading', { name: 'Personal · OpenAI' })).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Personal · Anthropic' })).toBeVisible();
  await expect(keys.row('Anthropic', 'default')).toContainText(/Expires in [45] days/);
  await expect(keys.row('Groq', 'old')).toContainText('Expired');
  await expect(app.locator('body')).not.toContainText(VALID_OPENAI_KEY);
  await saveScreenshot(app, testInfo, 'keys');

  await keys.addKey.click();
  const dialog = keys.addDialog;
  await dialog.fill({
    provider: 'OpenAI',
    name: 'spare',
    secret: UNKNOWN_OPENAI_KEY,
    baseUrl: fakeProvider.baseUrl,
  });
  await dialog.test.click();
  await expect(dialog.testResult).toContainText('Invalid key');
  await dialog.secret.fill(RATE_LIMITED_OPENAI_KEY);
  await dialog.test.click();
  await expect(dialog.testResult).toContainText('Rate limited');
  expect(fakeProvider.hits.map((h) => h.status)).toEqual([401, 429]);
});

test('search and the provider filter narrow the list', async ({ app }) => {
  const keys = new KeysPage(app);
  await expect(keys.rows()).toHaveCount(3);
  await keys.search.fill('team A');
  await expect(keys.rows()).toHaveCount(1);
  await expect(keys.row('OpenAI', 'work')).toBeVisible();
  await keys.search.fill('');
  await keys.providerFilter.selectOption({ label: 'Groq' });
  await expect(keys.rows()).toHaveCount(1);
  await expect(keys.row('Groq', 'old')).toBeVisible();
});

test('delete offers undo, and a deleted key can be restored from Recently deleted', async ({ app }) => {
  const keys = new KeysPage(app);
  const work = keys.row('OpenAI', 'work');
  await work.getByRole('button', { name: 'Delete' }).click();
  await expect(work).toHaveCount(0);
  await expect(keys.deletedToast).toBeVisible();
  await keys.deletedToast.getByRole('button', { name: 'Undo' }).click();
  await expect(work).toBeVisible();

  await work.getByRole('button', { name: 'Delete' }).click();
  await expect(work).toHaveCount(0);
  await keys.openRecentlyDeleted();
  const deleted = app
    .getByRole('row')
    .or(app.getByRole('listitem'))
    .filter({ has: app.getByRole('button', { name: 'Restore' }) })
    .filter({ hasText: 'work' });
  await expect(deleted).toHaveCount(1);
  await deleted.getByRole('button', { name: 'Restore' }).click();
  await expect(deleted).toHaveCount(0);

  await app
    .getByRole('navigation')
    .getByRole('link', { name: 'Keys', exact: true })
    .or(app.getByRole('navigation').getByRole('button', { name: 'Keys', exact: true }))
    .click();
  await expect(work).toBeVisible();
  await work.getByRole('button', { name: 'Reveal' }).click();
  await expect(work, 'the restored key opens intact').toContainText(VALID_OPENAI_KEY);
  await expect(work, 'a revealed key hides again after revealSeconds').not.toContainText(VALID_OPENAI_KEY, {
    timeout: 15_000,
  });
});
