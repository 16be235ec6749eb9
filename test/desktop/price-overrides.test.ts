// settings.priceOverrides: the user's prices reach the desktop's broker and win over the built-in
// table (a negotiated price, a fine-tune), so calls are costed
// at the user's price in the call log and the Usage screen; bad entries are refused by the schema.
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '#shared/schemas/settings.js';
import { MOCK_USAGE, startMockProvider } from '#test/helpers/mock-provider.js';
import { rawGet } from '#test/helpers/http.js';
import { SAMPLE_KEYS, STRONG_PASSWORD } from '#test/helpers/temp-wallet.js';
import { newDesktop } from './fixtures.js';

describe('settings.priceOverrides', () => {
  it('costs a broker call at the price settings.json gives', async () => {
    const mock = await startMockProvider();
    try {
      const desktop = newDesktop({
        settings: {
          endpointEnabled: true,
          priceOverrides: { openai: [{ pattern: 'gpt-4o-mini', input: 1, output: 2, cachedInput: 1 }] },
        },
      });
      await desktop.call('vault:create', { password: STRONG_PASSWORD });
      await desktop.start();
      const { wallet } = desktop;
      wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai, baseUrl: `${mock.url}/v1` });
      const { token, summary } = wallet.tokens.create({ name: 'agent' });
      const status = await desktop.call('endpoint:status');
      const answer = await rawGet(
        status.port!,
        '/proxy/openai/chat/completions',
        { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }) },
      );
      expect(answer.status).toBe(200);
      // Stopping the endpoint writes the broker's batched call log.
      await desktop.call('settings:set', { endpointEnabled: false });
      const [call] = wallet.tokens.calls.callsOf(summary.id);
      expect(call?.costUsd).toBeCloseTo(
        (MOCK_USAGE.prompt_tokens * 1 + MOCK_USAGE.completion_tokens * 2) / 1e6,
        12,
      );
    } finally {
      await mock.close();
    }
  });

  it('refuses an unknown provider, a negative price or a pattern with spaces', () => {
    const entry = { pattern: 'x', input: 1, output: 1, cachedInput: 1 };
    expect(SettingsSchema.safeParse({ priceOverrides: { nope: [entry] } }).success).toBe(false);
    expect(SettingsSchema.safeParse({ priceOverrides: { openai: [{ ...entry, input: -1 }] } }).success).toBe(
      false,
    );
    expect(
      SettingsSchema.safeParse({ priceOverrides: { openai: [{ ...entry, pattern: 'a b' }] } }).success,
    ).toBe(false);
    expect(SettingsSchema.parse({}).priceOverrides).toEqual({});
  });
});
