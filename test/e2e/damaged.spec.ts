// A vault whose database was damaged while locked: unlock says so and names the backup, and the
// Restore button puts the newest backup in place (keeping the damaged file) and opens the keys.
import { readdirSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { PASSWORD, WRONG_PASSWORD } from './data.js';
import { KeysPage } from './pages/keys-page.js';
import { UnlockPage } from './pages/vault-pages.js';

const GROQ = `gsk_${'a1'.repeat(26)}`;

test.use({
  harnessOptions: {
    vaultPassword: PASSWORD,
    keys: [{ provider: 'groq', name: 'default', secret: GROQ }],
    damaged: true,
    locked: true,
  },
});

test('a damaged vault is named at unlock, and Restore brings back the newest backup', async ({
  app,
  harness,
}) => {
  const unlock = new UnlockPage(app);
  await unlock.unlockWith(PASSWORD);
  await expect(unlock.alert).toContainText('damaged');
  await expect(unlock.alert).toContainText('backups');
  // A wrong password restores nothing.
  await unlock.password.fill(WRONG_PASSWORD);
  await unlock.restoreBackup.click();
  await expect(unlock.alert).toContainText('not correct');
  expect(readdirSync(harness.dataDir).filter((f) => f.startsWith('vault.db.damaged-'))).toEqual([]);

  await unlock.unlockWith(PASSWORD);
  await expect(unlock.restoreBackup).toBeVisible();
  // The password field is emptied after a failed unlock; Restore asks for it again.
  await expect(unlock.restoreBackup).toBeDisabled();
  await unlock.password.fill(PASSWORD);
  await unlock.restoreBackup.click();
  const keys = new KeysPage(app);
  await expect(keys.heading).toBeVisible();
  await expect(app.getByText('…a1a1')).toBeVisible();
  expect(readdirSync(harness.dataDir).filter((f) => f.startsWith('vault.db.damaged-'))).toHaveLength(1);
});
