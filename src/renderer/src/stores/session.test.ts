// Locking empties the window: keys, revealed secrets, tokens and the audit page are forgotten. (A
// copied secret is main's to clear on lock: see test/desktop/clipboard.test.ts.)
import { describe, expect, it } from 'vitest';
import type { AikeyServices } from '../services/services';
import { fakeKeyServices, keySummary, tokenSummary } from '../testing/fakes';
import { createKeysStore } from './keys/store';
import { forgetOnLock } from './session';
import { createTokensStore } from './tokens';
import { createVaultStore } from './vault';

describe('forgetOnLock', () => {
  it('forgets keys, revealed secrets and tokens when the vault locks', async () => {
    const vault = createVaultStore({
      services: { vault: { lock: () => Promise.resolve(null) } as unknown as AikeyServices['vault'] },
    });
    const keys = createKeysStore({
      services: fakeKeyServices([{ key: keySummary({ id: 'a1' }), secret: 'sk-ant-secret' }]),
    });
    const tokens = createTokensStore({
      services: {
        tokens: {
          list: () => Promise.resolve([tokenSummary({ id: 't1', name: 'ci' })]),
        } as unknown as AikeyServices['tokens'],
      },
    });
    forgetOnLock(vault, [keys, tokens]);
    vault.setState({ phase: 'unlocked' });
    await keys.getState().load();
    await keys.getState().reveal('a1', 20);
    await tokens.getState().load();

    await vault.getState().lock();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(vault.getState().phase).toBe('locked');
    expect(keys.getState()).toMatchObject({ keys: [], revealed: {} });
    expect(tokens.getState().tokens).toEqual([]);
  });
});
