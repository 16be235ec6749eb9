// Accessibility of every screen, checked with axe-core in Chromium: first run, the recovery key,
// unlock, the keys list, the key dialog, recently deleted, access tokens (and the token dialog),
// hubs, usage, the audit log, settings and Import (its findings table, the confirmation
// before references replace values, and the outcome) must each have no serious or critical violation
// (WCAG 2.x A and AA rules). Lesser findings are printed, not failed, so they stay visible. One
// journey is done with the keyboard alone: unlock, open Add key, close it, reach Access tokens.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { plant, plantedKey } from '../core/scan/planted-keys.js';
import { expect, test } from './fixtures.js';
import { ANTHROPIC_KEY, PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { ImportPage } from './pages/import-page.js';
import { KeysPage } from './pages/keys-page.js';
import { AppShell } from './pages/shell.js';
import { FirstRunPage, RecoveryPage, UnlockPage } from './pages/vault-pages.js';

async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const lines = results.violations.map(
    (v) =>
      `${screen}: [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  for (const line of lines) console.log(line);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until the focused element's text or label matches, as a keyboard user would. */
async function tabTo(page: Page, name: RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press(key);
    // A string, since this file has no DOM types: the focused element's label and text.
    const focused = await page.evaluate<string>(
      `(() => { const el = document.activeElement;
        const label = (el && el.labels && el.labels[0] && el.labels[0].textContent) || (el && el.getAttribute('aria-label')) || '';
        return (label + ' ' + ((el && el.textContent) || '')).trim(); })()`,
    );
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

test.describe('first run', () => {
  test('the create-vault and recovery-key screens have no serious violations', async ({ app }) => {
    const firstRun = new FirstRunPage(app);
    await expect(firstRun.heading).toBeVisible();
    const found = await seriousViolations(app, 'create vault');
    await firstRun.createVault(PASSWORD);
    await expect(new RecoveryPage(app).heading).toBeVisible();
    found.push(...(await seriousViolations(app, 'recovery key')));
    expect(found).toEqual([]);
  });
});

test.describe('an existing vault', () => {
  test.use({
    harnessOptions: {
      vaultPassword: PASSWORD,
      locked: true,
      keys: [
        { provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY, notes: 'billing: team A' },
        { provider: 'anthropic', name: 'default', secret: ANTHROPIC_KEY },
      ],
    },
  });

  test('unlock, keys, dialogs, deleted keys, tokens, hubs, usage, audit and settings: no serious violations', async ({
    app,
  }) => {
    const found: string[] = [];
    const unlock = new UnlockPage(app);
    await expect(unlock.heading).toBeVisible();
    found.push(...(await seriousViolations(app, 'unlock')));

    await unlock.password.fill(PASSWORD);
    await unlock.unlock.click();
    const keys = new KeysPage(app);
    await expect(keys.rows()).toHaveCount(2);
    found.push(...(await seriousViolations(app, 'keys')));

    await keys.addKey.click();
    await keys.addDialog.dialog.waitFor();
    found.push(...(await seriousViolations(app, 'key dialog')));
    await app.keyboard.press('Escape');
    await keys.addDialog.dialog.waitFor({ state: 'hidden' });

    const shell = new AppShell(app);
    await shell.open('Access tokens');
    found.push(...(await seriousViolations(app, 'tokens')));

    await app.getByRole('button', { name: 'New token' }).click();
    await app.getByRole('dialog').waitFor();
    found.push(...(await seriousViolations(app, 'token dialog with broker limits')));
    await app.keyboard.press('Escape');

    await shell.open('Settings');
    found.push(...(await seriousViolations(app, 'settings')));

    for (const screen of ['Hubs', 'Usage', 'Audit log'] as const) {
      await shell.open(screen);
      await expect(app.getByRole('heading', { level: 1 })).toBeVisible();
      found.push(...(await seriousViolations(app, screen)));
    }

    await shell.open('Keys');
    await app.getByRole('button', { name: 'Recently deleted' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toBeVisible();
    found.push(...(await seriousViolations(app, 'recently deleted')));

    expect(found).toEqual([]);
  });
});

test.describe('the Import screen', () => {
  test.use({ harnessOptions: { vaultPassword: PASSWORD } });

  test('empty, with findings, asking to replace, and after an import has no serious violations', async ({
    app,
    harness,
  }) => {
    const home = join(harness.dataDir, 'home');
    plant(join(home, 'project', '.env'), `OPENAI_API_KEY=${plantedKey('openai', 'a11yenv')}\n`);
    plant(
      join(home, '.config', 'io.datasette.llm', 'keys.json'),
      JSON.stringify({ claude: plantedKey('anthropic', 'a11yllm') }),
    );
    const found: string[] = [];
    await new AppShell(app).open('Import keys');
    const page = new ImportPage(app);
    found.push(...(await seriousViolations(app, 'import (nothing scanned)')));

    await page.scanComputer.click();
    await expect(page.rows()).toHaveCount(2);
    found.push(...(await seriousViolations(app, 'import (findings)')));

    await page.replaceWithReferences.click();
    await expect(page.confirmReplace).toBeVisible();
    found.push(...(await seriousViolations(app, 'import (confirm replace)')));
    await page.confirmReplace.click();
    await expect(page.outcome).toBeVisible();
    found.push(...(await seriousViolations(app, 'import (outcome)')));

    expect(found).toEqual([]);
  });
});

test.describe('with the keyboard only', () => {
  test.use({
    harnessOptions: {
      vaultPassword: PASSWORD,
      locked: true,
      keys: [{ provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY }],
    },
  });

  test('unlock, open and close Add key, and reach Access tokens without a pointer', async ({ app }) => {
    const unlock = new UnlockPage(app);
    await expect(unlock.heading).toBeVisible();
    await tabTo(app, /^Master password/);
    await app.keyboard.type(PASSWORD);
    await app.keyboard.press('Enter');
    const keys = new KeysPage(app);
    await expect(keys.rows()).toHaveCount(1);

    await tabTo(app, /^Add key$/);
    await app.keyboard.press('Enter');
    await expect(keys.addDialog.dialog).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(keys.addDialog.dialog).toBeHidden();
    await expect(keys.addKey).toBeFocused();

    // The navigation comes before the screen: back up to it.
    await tabTo(app, /^Access tokens$/, 'Shift+Tab');
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: 'Access tokens', exact: true })).toBeVisible();
  });
});
