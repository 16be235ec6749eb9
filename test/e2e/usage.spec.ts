// The Usage screen: what the broker forwarded, per day, as charts and a table, with filters that
// narrow the totals (48 seeded calls over two days: 24 to OpenAI by "ci", 24 to Anthropic by "agent").
import { expect, test } from './fixtures.js';
import { PASSWORD } from './data.js';
import { AppShell } from './pages/shell.js';

test.use({ harnessOptions: { vaultPassword: PASSWORD, brokerCalls: 48 } });

test('shows requests, tokens and cost per day, and the filters narrow them', async ({ app }) => {
  await new AppShell(app).open('Usage');
  await expect(app.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
  const totals = app.locator('.usage-totals');
  await expect(totals).toContainText('48 requests (4 failed), 4,800 input and 2,400 output tokens, $0.26');
  await expect(app.locator('.usage-chart canvas')).toHaveCount(3);
  await expect(app.getByRole('table', { name: 'Usage per day' }).getByRole('row')).not.toHaveCount(1);

  await app.getByLabel('Model').selectOption('gpt-4o-mini');
  await expect(totals).toContainText('24 requests');
  await expect(totals).toContainText('$0.02');
  await app.getByLabel('Token').selectOption('agent');
  await expect(totals).toContainText('0 requests');
  await expect(app.getByText('No calls through the broker in this range.')).toBeVisible();
  await app.getByLabel('Model').selectOption('');
  await expect(totals).toContainText('24 requests (4 failed)');
});

test('a token made with broker limits shows its budget on Usage, and Limits edits it', async ({ app }) => {
  const shell = new AppShell(app);
  await shell.open('Access tokens');
  await app.getByRole('button', { name: 'New token' }).click();
  await app.getByLabel('Token name').fill('agent-limited');
  await app.getByLabel('Spend per month (USD)').fill('5');
  await app.getByLabel('Requests per minute').fill('x');
  await app.getByRole('button', { name: 'Create token' }).click();
  await expect(app.getByRole('alert')).toContainText('Requests per minute must be a positive number');
  await app.getByLabel('Requests per minute').fill('60');
  await app.getByRole('button', { name: 'Create token' }).click();
  await app.getByRole('button', { name: 'Done' }).click();

  await shell.open('Usage');
  const budgets = app.getByRole('table', { name: 'Budgets' });
  await expect(budgets).toContainText('agent-limited');
  await expect(budgets).toContainText('$0.00 of $5.00 (0 %)');

  await shell.open('Access tokens');
  await app.getByRole('listitem', { name: 'agent-limited' }).getByRole('button', { name: 'Limits' }).click();
  await expect(app.getByLabel('Requests per minute')).toHaveValue('60');
  await app.getByLabel('Spend per month (USD)').fill('');
  await app.getByLabel('Tokens per day').fill('1000');
  await app.getByRole('button', { name: 'Save limits' }).click();
  await shell.open('Usage');
  await expect(budgets).toContainText('Tokens per day');
  await expect(budgets).not.toContainText('Spend per month');
});
