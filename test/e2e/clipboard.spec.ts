// Copy goes through main: pressing Copy on a key sends main the key's id, main copies the value to
// the OS clipboard (here the harness's recording stand-in, not a real one) with the concealment
// marker, the page never receives the value, and locking clears it.
import type { Request } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { PASSWORD, VALID_OPENAI_KEY } from './data.js';
import { KeysPage } from './pages/keys-page.js';
import { AppShell } from './pages/shell.js';
import { UnlockPage } from './pages/vault-pages.js';

test.use({
  harnessOptions: {
    vaultPassword: PASSWORD,
    settings: { clipboardClearSeconds: 120 },
    keys: [{ provider: 'openai', name: 'work', secret: VALID_OPENAI_KEY }],
  },
});

test('Copy puts the key on the clipboard from main, concealed, and the lock takes it off', async ({
  app,
  harness,
}) => {
  const channels: string[] = [];
  const answers: string[] = [];
  app.on('request', (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/__ipc/')) channels.push(decodeURIComponent(path.slice('/__ipc/'.length)));
  });
  app.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/__ipc/')) {
      void response.text().then((body) => answers.push(body));
    }
  });
  const keys = new KeysPage(app);
  const shell = new AppShell(app);
  await keys.row('OpenAI', 'work').getByRole('button', { name: 'Copy' }).click();
  await expect(shell.toast('Key copied')).toContainText('120 seconds');

  const held = await harness.clipboard();
  expect(held.text).toBe(VALID_OPENAI_KEY);
  expect(held.formats).toEqual({ 'x-kde-passwordManagerHint': Buffer.from('secret').toString('hex') });
  expect(channels).toContain('clipboard:copySecret');
  expect(channels).not.toContain('keys:reveal');
  expect(answers.join('\n')).not.toContain(VALID_OPENAI_KEY);
  await expect(app.locator('body')).not.toContainText(VALID_OPENAI_KEY);

  await shell.lock.click();
  await expect(new UnlockPage(app).heading).toBeVisible();
  await expect.poll(async () => (await harness.clipboard()).text).toBe('');
});
