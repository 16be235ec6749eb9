// The Access tokens screen with a vault that already holds a key: the "Use it" examples fetch a key
// the user really has and stay readable in a narrow window (a URL is never split mid-word), a revoked
// token leaves the list at once, and a copied token leaves the clipboard as soon as the vault locks.
import { expect, test } from './fixtures.js';
import { PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { AppShell } from './pages/shell.js';
import { TokensPage } from './pages/tokens-page.js';
import { UnlockPage } from './pages/vault-pages.js';

test.use({
  harnessOptions: {
    vaultPassword: PASSWORD,
    keys: [{ provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY }],
  },
});

/**
 * How many lines `text` takes where the Use it panel shows it in an example, or 0 when it is not
 * there. Page code is a string: this file is type-checked without the DOM library.
 */
const linesTakenBy = (text: string) => `(() => {
  const needle = ${JSON.stringify(text)};
  for (const code of document.querySelectorAll('pre code')) {
    const node = code.firstChild;
    const at = node?.textContent?.indexOf(needle) ?? -1;
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  }
  return 0;
})()`;

test('the Use it examples name a key the user has, and a narrow window never splits a URL', async ({
  app,
}) => {
  // Narrower than the curl example's longest line, so that line has to scroll or break somewhere.
  await app.setViewportSize({ width: 400, height: 900 });
  await new AppShell(app).open('Access tokens');
  const tokens = new TokensPage(app);
  const endpointUrl = (await tokens.endpointUrl.textContent())?.trim() ?? '';
  expect(endpointUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  const curlUrl = `${endpointUrl}/v1/keys/openai?name=work`;
  const cvGitUrl = `${endpointUrl}/api/keys/provider/openai`;
  await expect(app.locator('pre').filter({ hasText: 'curl' })).toContainText(curlUrl);
  await expect(app.locator('pre').filter({ hasText: 'GET' })).toContainText(cvGitUrl);
  await expect(app.getByRole('region', { name: 'Use it' })).not.toContainText('anthropic');
  expect(await app.evaluate<number>(linesTakenBy(curlUrl))).toBe(1);
  expect(await app.evaluate<number>(linesTakenBy(cvGitUrl))).toBe(1);
  // The long line scrolls inside its example, which stays within the window.
  const panel = await app.getByRole('region', { name: 'Use it' }).boundingBox();
  expect((panel?.x ?? 0) + (panel?.width ?? Infinity)).toBeLessThanOrEqual(400);
  const curlScrolls = `(() => {
    const pre = [...document.querySelectorAll('pre')].find((el) => el.textContent.includes('curl'));
    return pre !== undefined && pre.scrollWidth > pre.clientWidth;
  })()`;
  expect(await app.evaluate<boolean>(curlScrolls)).toBe(true);
});

test('a revoked token leaves the list at once, and a copied token leaves the clipboard on lock', async ({
  app,
  harness,
}) => {
  const shell = new AppShell(app);
  await shell.open('Access tokens');
  const tokens = new TokensPage(app);

  await tokens.newToken.click();
  await tokens.fillAndCreate('old ci', ['OpenAI']);
  await tokens.takeIssuedToken();
  await tokens.row('old ci').getByRole('button', { name: 'Revoke' }).click();
  await app.getByRole('button', { name: 'Revoke token' }).click();
  await expect(tokens.row('old ci')).toHaveCount(0);
  await expect(app.getByText('No access tokens yet')).toBeVisible();

  await tokens.newToken.click();
  await tokens.fillAndCreate('ci', ['OpenAI']);
  await tokens.issued.waitFor();
  const token = (await tokens.issued.textContent())?.trim() ?? '';
  await app.getByRole('dialog').getByRole('button', { name: 'Copy', exact: true }).click();
  // (The toast saying so is outside the modal dialog, hidden from the accessibility tree meanwhile.)
  // Main copies it (the harness's stand-in clipboard records it), concealed from clipboard managers.
  await expect.poll(async () => (await harness.clipboard()).text).toBe(token);
  expect((await harness.clipboard()).formats).toEqual({ 'x-kde-passwordManagerHint': '736563726574' });
  await tokens.done.click();

  await shell.lock.click();
  await expect(new UnlockPage(app).heading).toBeVisible();
  await expect.poll(async () => (await harness.clipboard()).text).toBe('');
});
