// The Settings screen's new sections: how the app starts (at login, hidden in the tray) and which
// system notifications it shows. Each change is saved by main and still there after a reload.
import { expect, test } from './fixtures.js';
import { PASSWORD } from './data.js';
import { SettingsPage } from './pages/admin-pages.js';
import { AppShell } from './pages/shell.js';

test.use({ harnessOptions: { vaultPassword: PASSWORD } });

test('start and notification settings are saved by main and survive a reload', async ({ app }) => {
  const shell = new AppShell(app);
  await shell.open('Settings');
  const settings = new SettingsPage(app);
  const startAtLogin = app.getByRole('switch', { name: 'Start at login' });
  const expiry = app.getByRole('switch', { name: 'When a key is about to expire' });
  const warnDays = app.getByLabel('Warn this many days ahead');
  await expect(startAtLogin).not.toBeChecked();
  await expect(expiry).toBeChecked();
  await expect(warnDays).toHaveValue('7');

  await startAtLogin.click();
  await expect(startAtLogin).toBeChecked();
  await expiry.click();
  await expect(expiry).not.toBeChecked();
  await warnDays.fill('14');
  await warnDays.press('Tab');
  await expect(shell.toast('Settings saved').first()).toBeVisible();

  await app.reload();
  await shell.open('Settings');
  await expect(settings.heading).toBeVisible();
  await expect(startAtLogin).toBeChecked();
  await expect(expiry).not.toBeChecked();
  await expect(warnDays).toHaveValue('14');
});
