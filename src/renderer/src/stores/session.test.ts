// Locking empties the window: keys, tokens and the audit page are forgotten, the clipboard cleared.
import { describe, expect, it } from 'vitest';
import type { AikeyServices } from '../services/services';
import { fakeClipboard, fakeKeyServices, keySummary, tokenSummary } from '../testing/fakes';
import { createKeysStore } from './keys/store';
import { forgetOnLock } from './session';
import { createTokensStore } from './tokens';
import { createVaultStore } from './vault';

describe('forgetOnLock', () => {
  it('forgets keys, revealed secrets, tokens and the clipboard when the vault locks', async () => {
    const vault = createVaultStore({
      services: { vault: { lock: () => Promise.resolve(null) } as unknown as AikeyServices['vault'] },
    });
    const clipboard = fakeClipboard();
    const keys = createKeysStore({
      services: fakeKeyServices([{ key: keySummary({ id: 'a1' }), secret: 'sk-ant-secret' }]),
      clipboard,
    });
    const tokens = createTokensStore({
      services: {
        tokens: {
          list: () => Promise.resolve([tokenSummary({ id: 't1', name: 'ci' })]),
        } as unknown as AikeyServices['tokens'],
      },
    });
    forgetOnLock(vault, keys, [keys, tokens]);
    vault.setState({ phase: 'unlocked' });
    await keys.getState().load();
    await keys.getState().reveal('a1', 20);
    await keys.getState().copy('a1', 30);
    await tokens.getState().load();

    await vault.getState().lock();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(vault.getState().phase).toBe('locked');
    expect(keys.getState()).toMatchObject({ keys: [], revealed: {} });
    expect(tokens.getState().tokens).toEqual([]);
    expect(clipboard.text).toBe('');
  });

  it('clears a copied access token at once when the vault locks, not only when its timer ends', async () => {
    const vault = createVaultStore({
      services: { vault: { lock: () => Promise.resolve(null) } as unknown as AikeyServices['vault'] },
    });
    const clipboard = fakeClipboard();
    const keys = createKeysStore({ services: fakeKeyServices([]), clipboard });
    forgetOnLock(vault, keys, [keys]);
    vault.setState({ phase: 'unlocked' });
    await keys.getState().copyText('aik_live_token_value', 30);
    expect(clipboard.text).toBe('aik_live_token_value');

    await vault.getState().lock();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(clipboard.text).toBe('');
  });
});
