// "Ask before use" in the window: a token made with the switch on holds a CLI's request until the
// user answers a prompt that names the token, the key and the calling program (here the test runner
// itself, found through /proc on Linux). "Allow for 5 minutes" lets that request and the next one
// through with one prompt, the grant shows in the token's details and can be revoked, and Deny
// answers the CLI 403 approval_denied.
import process from 'node:process';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { fetchKey } from './endpoint-client.js';
import { AppShell } from './pages/shell.js';
import { TokensPage } from './pages/tokens-page.js';

test.use({
  harnessOptions: {
    vaultPassword: PASSWORD,
    keys: [{ provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY }],
  },
});

/** Creates a token with "Ask before use" on through the dialog and returns its one-time value. */
async function askingToken(tokens: TokensPage, name: string): Promise<string> {
  await tokens.newToken.click();
  await tokens.tokenName.fill(name);
  await tokens.createDialog.getByRole('switch', { name: 'Ask before use' }).click();
  await tokens.create.click();
  return tokens.takeIssuedToken();
}

/** axe-core's serious and critical findings (WCAG 2.x A and AA) on what the page shows now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function errorCodeOf(endpointUrl: string, token: string): Promise<[number, string | undefined]> {
  const response = await fetch(new URL('/v1/keys/openai?name=work', endpointUrl), {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { error?: { code?: string } };
  return [response.status, body.error?.code];
}

test('Allow for 5 minutes lets the request and the next through with one prompt; Deny gives 403', async ({
  app,
}) => {
  await new AppShell(app).open('Access tokens');
  const tokens = new TokensPage(app);
  const endpointUrl = (await tokens.endpointUrl.textContent())?.trim() ?? '';
  const token = await askingToken(tokens, 'agent');
  await expect(tokens.row('agent')).toContainText('Asks before use');

  const first = fetchKey(endpointUrl, token, 'openai', 'work');
  const prompt = app.getByRole('dialog', { name: /to use “agent”\?/ });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('openai key "work"');
  if (process.platform === 'linux') {
    // The caller is this test runner: the OS names it by pid and executable.
    await expect(prompt).toContainText(`pid ${process.pid}`);
    await expect(prompt).toContainText(process.execPath);
  }
  expect(await seriousViolations(app)).toEqual([]);
  await prompt.getByRole('button', { name: 'Allow for 5 minutes' }).click();
  await expect(prompt).toBeHidden();
  expect(await first).toEqual({ status: 200, key: VALID_OPENAI_KEY });

  // Within the 5 minutes the same program is not asked again.
  expect(await fetchKey(endpointUrl, token, 'openai', 'work')).toEqual({
    status: 200,
    key: VALID_OPENAI_KEY,
  });
  await expect(app.getByRole('dialog')).toHaveCount(0);

  // The grant is listed in the token's details, and Revoke ends it.
  await tokens.row('agent').getByRole('button', { name: 'Details of agent' }).click();
  const grants = app.getByRole('list', { name: 'Programs allowed to use agent' });
  await expect(grants.getByRole('listitem')).toHaveCount(1);
  expect(await seriousViolations(app)).toEqual([]);
  await grants.getByRole('button', { name: /^Revoke / }).click();
  await expect(app.getByText('No program is allowed without asking.')).toBeVisible();

  // Asked again after the revoke; Deny answers the CLI 403 approval_denied.
  const denied = errorCodeOf(endpointUrl, token);
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Deny' }).click();
  expect(await denied).toEqual([403, 'approval_denied']);
  await expect(prompt).toBeHidden();
});
