// A vault with more keys than the first page: the Keys screen paints, then counts and searches the
// whole list once it has arrived. And a key added by another process (the CLI opening the same
// vault) appears on the open screen without a reload, through the keys:changed event.
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet } from '#core/wallet.js';
import { expect, test } from './fixtures.js';
import { GROQ_KEY, PASSWORD } from './data.js';
import { KeysPage } from './pages/keys-page.js';

test.use({ harnessOptions: { vaultPassword: PASSWORD, generatedKeys: 450 } });

test('counts and searches every key, not only the first page', async ({ app }) => {
  const keys = new KeysPage(app);
  await expect(keys.heading).toBeVisible();
  await expect(app.getByText('450 keys', { exact: true })).toBeVisible();
  await keys.search.fill('service 00000449');
  await expect(keys.rows()).toHaveCount(1);
});

test('shows a key another process added, without a reload', async ({ app, harness }) => {
  const keys = new KeysPage(app);
  await expect(app.getByText('450 keys', { exact: true })).toBeVisible();
  const cli = createWallet({ dataDir: harness.dataDir, kdf: KDF_FLOOR });
  try {
    await cli.vault.unlock(PASSWORD);
    cli.keys.create({ provider: 'groq', name: 'added by cli', secret: GROQ_KEY });
  } finally {
    cli.close();
  }
  await expect(app.getByText('451 keys', { exact: true })).toBeVisible({ timeout: 10_000 });
  await keys.search.fill('added by cli');
  await expect(keys.row('Groq', 'added by cli')).toBeVisible();
});
