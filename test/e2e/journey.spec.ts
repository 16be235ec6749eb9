// The main journey, end to end, against the real renderer and the real main-process stack: first run
// and the recovery key, a key added (after a wrong format), validated against the fake provider,
// a token issued once, the key fetched over the real loopback endpoint with it, the token regenerated
// (the old one gets 401) and revoked, then lock (the endpoint answers 423) and unlock.
import { expect, saveScreenshot, test } from './fixtures.js';
import { fetchKey } from './endpoint-client.js';
import { PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { KeysPage } from './pages/keys-page.js';
import { AppShell } from './pages/shell.js';
import { TokensPage } from './pages/tokens-page.js';
import { FirstRunPage, RecoveryPage, UnlockPage } from './pages/vault-pages.js';

test('first run to a key served over the endpoint, through regenerate, revoke, lock and unlock', async ({
  app,
  fakeProvider,
}, testInfo) => {
  const firstRun = new FirstRunPage(app);
  await expect(firstRun.heading).toBeVisible();
  await firstRun.password.fill(PASSWORD);
  await expect(firstRun.strength).toBeVisible();
  await expect(firstRun.strength).toHaveAttribute('aria-valuetext', 'Very strong');
  await firstRun.confirm.fill(PASSWORD);
  await saveScreenshot(app, testInfo, 'first-run');
  await firstRun.create.click();

  const recovery = new RecoveryPage(app);
  await expect(recovery.heading).toBeVisible();
  await expect(recovery.recoveryKey).toHaveText(/^\s*[A-Z0-9]{4}(-[A-Z0-9]{4}){7}\s*$/);
  await expect(recovery.copy).toBeVisible();
  await expect(recovery.saveToFile).toBeVisible();
  await expect(recovery.continue).toBeDisabled();
  await saveScreenshot(app, testInfo, 'recovery');
  await recovery.saved.check();
  await expect(recovery.continue).toBeEnabled();
  await recovery.continue.click();

  const keys = new KeysPage(app);
  await expect(keys.heading).toBeVisible();
  await app.reload();
  await expect(keys.heading).toBeVisible();
  await expect(recovery.recoveryKey, 'the recovery key is shown only once').toHaveCount(0);

  await keys.addKey.click();
  const dialog = keys.addDialog;
  await dialog.fill({ provider: 'OpenAI', name: 'work', secret: 'sk-short', baseUrl: fakeProvider.baseUrl });
  await dialog.save.click();
  await expect(dialog.formatError).toContainText('OpenAI keys start with "sk-"');
  await expect(dialog.dialog).toBeVisible();
  await dialog.secret.fill(VALID_OPENAI_KEY);
  await expect(dialog.formatError).toHaveCount(0);
  await dialog.test.click();
  await expect(dialog.testResult).toHaveText('Valid key: OpenAI accepted it.');
  await saveScreenshot(app, testInfo, 'add-key');
  await dialog.save.click();
  await expect(dialog.dialog).toBeHidden();
  const row = keys.row('OpenAI', 'work');
  await expect(row).toBeVisible();
  await expect(row).not.toContainText(VALID_OPENAI_KEY);

  const shell = new AppShell(app);
  await shell.open('Access tokens');
  const tokens = new TokensPage(app);
  await tokens.newToken.click();
  await tokens.fillAndCreate('cli', ['OpenAI'], '30 days');
  await expect(tokens.issued).toHaveText(/aik_/);
  await expect(app.getByText('will not be shown again')).toBeVisible();
  const first = await tokens.takeIssuedToken();
  await expect(tokens.row('cli')).toBeVisible();
  await expect(app.locator('body')).not.toContainText(first);

  await expect(app.getByRole('heading', { name: 'Use it' })).toBeVisible();
  const endpointUrl = (await tokens.endpointUrl.textContent())?.trim() ?? '';
  expect(endpointUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  for (const example of ['curl', 'aikey exec', 'cv-git']) {
    await expect(app.getByText(example, { exact: true }).first()).toBeVisible();
  }
  expect(await fetchKey(endpointUrl, first, 'openai', 'work')).toEqual({
    status: 200,
    key: VALID_OPENAI_KEY,
  });

  await tokens.row('cli').getByRole('button', { name: 'Regenerate' }).click();
  const confirm = app.getByRole('alertdialog').or(app.getByRole('dialog'));
  await expect(confirm).toContainText(/old token stops working/i);
  await confirm.getByRole('button', { name: 'Regenerate token' }).click();
  const second = await tokens.takeIssuedToken();
  expect(second).not.toBe(first);
  expect((await fetchKey(endpointUrl, first, 'openai', 'work')).status).toBe(401);
  expect(await fetchKey(endpointUrl, second, 'openai', 'work')).toEqual({
    status: 200,
    key: VALID_OPENAI_KEY,
  });

  await tokens.newToken.click();
  await tokens.fillAndCreate('cli', ['OpenAI']);
  await expect(tokens.nameError).toContainText(/already/i);
  await tokens.tokenName.fill('ci');
  await tokens.create.click();
  const ci = await tokens.takeIssuedToken();

  await tokens.row('cli').getByRole('button', { name: 'Revoke' }).click();
  await app.getByRole('button', { name: 'Revoke token' }).click();
  await expect(tokens.row('cli'), 'a revoked token leaves the list at once').toHaveCount(0);
  expect((await fetchKey(endpointUrl, second, 'openai', 'work')).status).toBe(401);
  expect((await fetchKey(endpointUrl, ci, 'openai', 'work')).status).toBe(200);
  await saveScreenshot(app, testInfo, 'tokens');

  await shell.lock.click();
  const unlock = new UnlockPage(app);
  await expect(unlock.heading).toBeVisible();
  expect((await fetchKey(endpointUrl, ci, 'openai', 'work')).status).toBe(423);

  await unlock.unlockWith(PASSWORD);
  await expect(keys.heading).toBeVisible();
  expect(await fetchKey(endpointUrl, ci, 'openai', 'work')).toEqual({ status: 200, key: VALID_OPENAI_KEY });
  expect(fakeProvider.hits).toContainEqual({ path: '/v1/models', status: 200 });
});
