// Team hubs in the desktop app, end to end: a real hub (PGlite in memory, loopback, port 0) runs in
// the test; the app joins it with the owner's invite code, shows its sync status, adds a key to the
// team hub, invites a second wallet, and Sync now both pushes the key and approves the newcomer.
// The second wallet (plain Node, its own temporary vault) then syncs and must hold the same key:
// that it arrived decrypted there, and only there, is what the user cares about. Removing the
// member rotates the hub key and shuts the second wallet out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import { startHub, type RunningHub } from '#hub/server.js';
import { PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { expect, saveScreenshot, test } from './fixtures.js';
import { HubsPage } from './pages/hubs-page.js';
import { KeysPage } from './pages/keys-page.js';
import { AppShell } from './pages/shell.js';

test.use({ harnessOptions: { vaultPassword: PASSWORD } });

let hub: RunningHub;
let second: { wallet: Wallet; dir: string } | null = null;

test.beforeEach(async () => {
  hub = await startHub({ port: 0, log: () => {} });
});

test.afterEach(async ({ app }) => {
  // Lock first: the app follows the hub live, and a stream reopened while the hub closes would
  // hold the close open.
  await app.evaluate('window.aikey.vault.lock()');
  if (second !== null) {
    second.wallet.close();
    rmSync(second.dir, { recursive: true, force: true });
    second = null;
  }
  await hub.close();
});

async function secondWallet(): Promise<Wallet> {
  const dir = mkdtempSync(join(tmpdir(), 'aikey-e2e-second-'));
  const wallet = createWallet({ dataDir: join(dir, 'data'), kdf: KDF_FLOOR });
  second = { wallet, dir };
  await wallet.vault.create(PASSWORD);
  return wallet;
}

test('join a team hub by invite, add a key to it, invite a second wallet, sync: the key arrives there', async ({
  app,
}, testInfo) => {
  const team = await hub.createTeam('Platform');
  const shell = new AppShell(app);
  const hubs = new HubsPage(app);
  await shell.open('Hubs');
  await expect(app.getByText('No team hubs yet')).toBeVisible();

  // A code that is not an invite is refused inline, and nothing is joined.
  await hubs.submitJoin('aikey-invite:not-a-real-code');
  await expect(hubs.joinError).toContainText('not a valid aikey invite code');
  await hubs.joinDialog.getByRole('button', { name: 'Cancel' }).click();

  await hubs.submitJoin(team.inviteCode, 'Desk one');
  await expect(hubs.joinDialog).toBeHidden();
  const platform = hubs.hub('Platform');
  await expect(platform.region).toContainText('You own this hub');
  await expect(platform.status).toContainText(/Synced .* nothing waiting/);
  await expect(platform.member('Desk one')).toContainText('Owner');
  await expect(platform.leave).toHaveCount(0);

  // The Add key dialog offers the team hub.
  await shell.open('Keys');
  const keys = new KeysPage(app);
  await keys.addKey.click();
  await keys.addDialog.dialog.getByLabel('Hub', { exact: true }).selectOption({ label: 'Platform' });
  await keys.addDialog.fill({ provider: 'OpenAI', name: 'shared', secret: VALID_OPENAI_KEY });
  await keys.addDialog.save.click();
  await expect(keys.addDialog.dialog).toBeHidden();
  await expect(app.getByRole('heading', { name: 'Platform · OpenAI' })).toBeVisible();
  await expect(keys.row('OpenAI', 'shared')).toBeVisible();

  await shell.open('Hubs');
  const code = await hubs.createInvite(platform);
  expect(code).toMatch(/^aikey-invite:/);
  await expect(app.locator('body')).not.toContainText(code);

  const other = await secondWallet();
  const joined = await other.hubs.join(code, { deviceName: 'Desk two' });
  expect(joined).toMatchObject({ hubId: team.hubId, role: 'member', status: 'pending' });

  // Sync now pushes the key (if live mode has not already) and approves the newcomer.
  await platform.syncNow.click();
  await expect(shell.toast('Platform synced')).toBeVisible();
  await expect(platform.status).toContainText('nothing waiting');
  await expect(platform.member('Desk two')).toContainText('Active');
  await expect(platform.member('Desk two').getByRole('button', { name: 'Remove' })).toBeVisible();
  await saveScreenshot(app, testInfo, 'hubs');

  const result = await other.hubs.sync(team.hubId);
  expect(result.status).toBe('synced');
  const arrived = other.keys.list({}).filter((k) => k.hubId === team.hubId);
  expect(arrived.map((k) => [k.provider, k.name])).toEqual([['openai', 'shared']]);
  expect(other.keys.reveal(arrived[0]!.id)).toBe(VALID_OPENAI_KEY);

  // Removal says the hub key rotates; afterwards the removed wallet is shut out and wiped.
  await platform.member('Desk two').getByRole('button', { name: 'Remove' }).click();
  await expect(hubs.confirm).toContainText('rotates the hub key');
  await hubs.confirm.getByRole('button', { name: 'Remove member' }).click();
  await expect(shell.toast('Member removed')).toBeVisible();
  await expect(platform.member('Desk two')).toHaveCount(0);
  expect((await other.hubs.sync(team.hubId)).status).toBe('removed');
  expect(other.keys.list({}).filter((k) => k.hubId === team.hubId)).toEqual([]);
});
