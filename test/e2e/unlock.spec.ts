// The unlock screen with an existing, locked vault: a wrong password says so and keeps the vault
// locked; the right one opens the keys.
import { expect, saveScreenshot, test } from './fixtures.js';
import { PASSWORD, WRONG_PASSWORD } from './data.js';
import { KeysPage } from './pages/keys-page.js';
import { UnlockPage } from './pages/vault-pages.js';

test.use({ harnessOptions: { vaultPassword: PASSWORD, locked: true } });

test('a wrong password is refused with a clear message; the right one unlocks', async ({ app }, testInfo) => {
  const unlock = new UnlockPage(app);
  await expect(unlock.heading).toBeVisible();
  await saveScreenshot(app, testInfo, 'unlock');

  await unlock.unlockWith(WRONG_PASSWORD);
  await expect(unlock.alert).toContainText('not correct');
  await expect(unlock.heading).toBeVisible();

  await unlock.unlockWith(PASSWORD);
  await expect(new KeysPage(app).heading).toBeVisible();
  await expect(unlock.alert).toHaveCount(0);
});
