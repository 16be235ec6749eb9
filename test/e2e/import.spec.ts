// The Import screen in Chromium, against the real main-process stack and a temporary home with keys
// planted in a .env file and in llm's keys.json: the scan shows them masked, imports the selected
// ones into the chosen hub, skips the one the vault already holds, and replaces the .env values with
// aikey:// references (the backup beside it keeps the original). A file picked in main's dialog
// is scanned alone, a long scan can be cancelled, and no planted key ever shows in the page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startHub, type RunningHub } from '#hub/server.js';
import { plant, plantedKey } from '../core/scan/planted-keys.js';
import { expect, test } from './fixtures.js';
import { PASSWORD } from './data.js';
import { HubsPage } from './pages/hubs-page.js';
import { KeysPage } from './pages/keys-page.js';
import { ImportPage } from './pages/import-page.js';
import { AppShell } from './pages/shell.js';

const K = {
  openai: plantedKey('openai', 'e2eenv'),
  stored: plantedKey('groq', 'e2estored'),
  llm: plantedKey('anthropic', 'e2ellm'),
  chosen: plantedKey('mistral', 'e2echosen'),
};

const ENV_TEXT = `# the project's keys\nOPENAI_API_KEY="${K.openai}"\nGROQ_API_KEY=${K.stored}\nPORT=3000\n`;

async function expectNoPlantedKey(page: Page): Promise<void> {
  const text = `${await page.locator('body').innerText()}\n${await page.content()}`;
  for (const key of Object.values(K)) expect(text).not.toContain(key);
}

test.describe('a vault that already holds one of the planted keys', () => {
  test.use({
    harnessOptions: {
      vaultPassword: PASSWORD,
      keys: [{ provider: 'groq', name: 'stored', secret: K.stored }],
    },
  });

  // A real team hub on loopback, so "Import into hub" has a choice besides Personal.
  let hub: RunningHub;
  test.beforeEach(async () => {
    hub = await startHub({ port: 0, log: () => {} });
  });
  test.afterEach(async ({ app }) => {
    // Lock first: the app follows the hub live, and a stream reopened while it closes would hold it open.
    await app.evaluate('window.aikey.vault.lock()');
    await hub.close();
  });

  test('scan, import the selected keys, skip the duplicate, and replace the .env values with references', async ({
    app,
    harness,
  }) => {
    const home = join(harness.dataDir, 'home');
    const envFile = plant(join(home, 'project', '.env'), ENV_TEXT);
    plant(join(home, '.config', 'io.datasette.llm', 'keys.json'), JSON.stringify({ claude: K.llm }));

    const team = await hub.createTeam('Platform');
    const shell = new AppShell(app);
    await shell.open('Hubs');
    const hubs = new HubsPage(app);
    await hubs.submitJoin(team.inviteCode, 'Desk one');
    await expect(hubs.hub('Platform').region).toContainText('You own this hub');

    await shell.open('Import keys');
    const page = new ImportPage(app);
    await page.scanComputer.click();
    await expect(page.rows()).toHaveCount(3);

    const openai = page.row('OPENAI_API_KEY', 'project/.env');
    await expect(openai).toContainText('OpenAI');
    await expect(openai).toContainText(/sk-proj-…/);
    await expect(openai).toContainText('can hold a reference');
    await expect(page.row('GROQ_API_KEY', 'project/.env')).toContainText('Yes');
    await expect(page.row('claude', 'keys.json')).toContainText('Tool settings (llm)');
    // Keys the vault holds start unticked; tick it anyway to see it skipped.
    await expect(page.checkbox('GROQ_API_KEY', 'project/.env')).not.toBeChecked();
    await page.checkbox('GROQ_API_KEY', 'project/.env').check();
    await expectNoPlantedKey(app);

    await page.hub.selectOption({ label: 'Platform' });
    await page.importSelected.click();
    await expect(page.outcome).toContainText('2 keys added to Platform, 1 skipped');
    await expect(page.outcome).toContainText('Platform / default: added');
    await expect(page.outcome).toContainText('Personal / stored: skipped (already in the vault)');
    await expect(page.row('OPENAI_API_KEY', 'project/.env')).toContainText('Yes');
    // Nothing is rewritten by an import alone.
    expect(readFileSync(envFile, 'utf8')).toBe(ENV_TEXT);

    await page.replaceWithReferences.click();
    await page.confirmReplace.click();
    const rewritten = page.outcome.getByRole('list', { name: 'Files rewritten' }).getByRole('listitem');
    await expect(rewritten).toHaveCount(1);
    await expect(rewritten).toContainText('2 values replaced');
    const backupPath = (await rewritten.locator('.mono').nth(1).innerText()).trim();
    expect(backupPath.startsWith(join(home, 'project'))).toBe(true);
    expect(readFileSync(envFile, 'utf8')).toBe(
      `# the project's keys\nOPENAI_API_KEY="aikey://platform/openai/default"\nGROQ_API_KEY=aikey://personal/groq/stored\nPORT=3000\n`,
    );
    expect(readFileSync(backupPath, 'utf8')).toBe(ENV_TEXT);
    // llm's keys.json cannot hold a reference: it is listed with what to do by hand.
    await expect(page.outcome.getByRole('list', { name: 'Steps to do by hand' })).toContainText('claude');
    await expectNoPlantedKey(app);

    await shell.open('Keys');
    await expect(new KeysPage(app).rows()).toHaveCount(3);
    await expect(app.getByRole('heading', { name: 'Platform · OpenAI' })).toBeVisible();
    await expect(app.getByRole('heading', { name: 'Platform · Anthropic' })).toBeVisible();
    await expectNoPlantedKey(app);
  });
});

test.describe('an empty vault', () => {
  test.use({ harnessOptions: { vaultPassword: PASSWORD } });

  test('the empty Keys screen leads to Import, which scans the file chosen in the dialog', async ({
    app,
    harness,
  }) => {
    plant(join(harness.dataDir, 'home', 'chosen', 'keys.env'), `MISTRAL_API_KEY=${K.chosen}\n`);
    await app.getByRole('button', { name: 'Import keys from this computer' }).click();
    const page = new ImportPage(app);
    await expect(page.heading).toBeVisible();
    await page.chooseFile.click();
    await expect(page.rows()).toHaveCount(1);
    await expect(page.row('MISTRAL_API_KEY', 'chosen/keys.env')).toContainText('Mistral');
    await expectNoPlantedKey(app);
  });

  test('a file dropped on the screen is scanned by its text and imported, never shown in clear', async ({
    app,
  }) => {
    await new AppShell(app).open('Import keys');
    const imports = new ImportPage(app);
    await expect(imports.heading).toBeVisible();
    const dropped = await app.evaluateHandle((text: string) => {
      // Browser classes, reached through globalThis (this file is typed for Node, not the DOM).
      const web = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const transfer = new web.DataTransfer();
      transfer.items.add(new web.File([text], 'dropped.env', { type: 'text/plain' }));
      return transfer;
    }, `MISTRAL_API_KEY=${K.chosen}\n`);
    await app.locator('section.drop-target').dispatchEvent('drop', { dataTransfer: dropped });
    await expect(imports.findings).toContainText('dropped.env (dropped)');
    await expect(imports.findings).toContainText('MISTRAL_API_KEY');
    await imports.importSelected.click();
    await expect(imports.outcome).toContainText('1 key added');
    await expectNoPlantedKey(app);
  });

  test('a long scan shows its progress and stops on Cancel', async ({ app, harness }) => {
    // Thousands of project folders: a scan long enough to press Cancel during it.
    for (let i = 0; i < 6000; i += 1)
      plant(join(harness.dataDir, 'home', 'code', `p${i}`, '.env'), 'PORT=1\n');
    await new AppShell(app).open('Import keys');
    const page = new ImportPage(app);
    await page.scanComputer.click();
    await expect(app.getByRole('status').filter({ hasText: /Looking for files|Read \d/ })).toBeVisible();
    await page.cancelScan.click();
    await expect(app.getByText('Scan cancelled.')).toBeVisible();
    await expect(page.findings).toHaveCount(0);
    await expect(page.scanComputer).toBeEnabled();
  });
});
