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
