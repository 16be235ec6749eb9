// The Audit log and Settings: a reveal is on record and the filters find it; a changed setting
// survives a reload; OS-keychain unlock is not offered on a basic_text keychain, and says why.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { expect, saveScreenshot, test } from './fixtures.js';
import { PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { AuditPage, SettingsPage } from './pages/admin-pages.js';
import { KeysPage } from './pages/keys-page.js';
import { AppShell } from './pages/shell.js';

test.use({
  harnessOptions: {
    vaultPassword: PASSWORD,
    keys: [
      { provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY },
      { provider: 'openai', name: 'personal', secret: `sk-proj-${'Pq2'.repeat(16)}W3e4` },
    ],
  },
});

test('the audit log records a reveal, and the action filter finds it', async ({ app }, testInfo) => {
  const keys = new KeysPage(app);
  await keys.row('OpenAI', 'work').getByRole('button', { name: 'Reveal' }).click();
  await expect(keys.row('OpenAI', 'work')).toContainText(VALID_OPENAI_KEY);

  await new AppShell(app).open('Audit log');
  const audit = new AuditPage(app);
  await expect(audit.entries().first()).toBeVisible();
  const before = await audit.entries().count();
  expect(before).toBeGreaterThan(1);
  await audit.actionFilter.selectOption({ label: 'Key revealed' });
  await expect(audit.entries()).toHaveCount(1);
  await expect(audit.entries().first()).toContainText('OpenAI / work');
  await expect(audit.table).not.toContainText(VALID_OPENAI_KEY);
  await saveScreenshot(app, testInfo, 'audit');
});

test('a changed auto-lock timeout persists across a reload; keychain unlock says why it is unavailable', async ({
  app,
}, testInfo) => {
  const shell = new AppShell(app);
  await shell.open('Settings');
  const settings = new SettingsPage(app);
  await expect(settings.autoLockMinutes).toHaveValue('15');
  await settings.autoLockMinutes.fill('5');
  await settings.autoLockMinutes.press('Tab');
  await expect(shell.toast('Settings saved')).toBeVisible();

  await expect(settings.keychain).toBeDisabled();
  await expect(app.getByText(/protects nothing/)).toBeVisible();
  await saveScreenshot(app, testInfo, 'settings');

  await app.reload();
  await shell.open('Settings');
  await expect(settings.autoLockMinutes).toHaveValue('5');
});

test('"Install the aikey command" puts a working launcher in ~/.local/bin and says where', async ({
  app,
  harness,
}) => {
  const shell = new AppShell(app);
  await shell.open('Settings');
  const settings = new SettingsPage(app);
  const path = join(harness.dataDir, 'home', '.local', 'bin', 'aikey');
  await expect(app.getByText(`It goes to ${path}.`)).toBeVisible();
  await settings.installCli.click();
  await expect(shell.toast('The aikey command is installed')).toBeVisible();
  await expect(app.getByText(`Installed at ${path}`)).toBeVisible();
  await expect(settings.installCli).toHaveText('Reinstall the aikey command');
  const run = spawnSync(path, ['--version'], {
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` },
    encoding: 'utf8',
  });
  expect([run.status, run.stdout]).toEqual([0, expect.stringMatching(/^aikey \d/)]);
});
