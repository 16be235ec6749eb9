// The tokens store over a fake service: the full token exists once, then only its mask.
import { describe, expect, it } from 'vitest';
import { AikeyError } from '#shared/errors.js';
import type { AikeyServices } from '../services/services';
import { tokenSummary } from '../testing/fakes';
import { createTokensStore } from './tokens';

const FULL = 'aik_abc_' + 'z'.repeat(43);

function setup(tokens: Partial<AikeyServices['tokens']>) {
  return createTokensStore({ services: { tokens: tokens as AikeyServices['tokens'] } });
}

describe('tokens store', () => {
  it('shows the full token after create and forgets it on Done', async () => {
    const store = setup({
      create: ({ name }) => Promise.resolve({ token: FULL, summary: tokenSummary({ id: 't1', name }) }),
    });
    await store.getState().create({ name: 'cv-git' });
    expect(store.getState().issued).toMatchObject({ token: FULL, reason: 'created' });
    expect(store.getState().tokens.map((t) => t.name)).toEqual(['cv-git']);

    store.getState().dismissIssued();
    expect(store.getState().issued).toBeNull();
    expect(JSON.stringify(store.getState())).not.toContain(FULL);
  });

  it('rejects a duplicate name with DuplicateName and changes nothing', async () => {
    const store = setup({
      create: () =>
        Promise.reject(new AikeyError('DuplicateName', 'A live access token named "ci" already exists.')),
    });
    await expect(store.getState().create({ name: 'ci' })).rejects.toMatchObject({ code: 'DuplicateName' });
    expect(store.getState().issued).toBeNull();
    expect(store.getState().tokens).toEqual([]);
  });

  it('shows the regenerated value, and drops a revoked token from the list at once', async () => {
    // Main's list holds live tokens only; revoke is a soft delete.
    const live = new Map([
      ['t1', tokenSummary({ id: 't1', name: 'ci' })],
      ['t2', tokenSummary({ id: 't2', name: 'dev' })],
    ]);
    const store = setup({
      list: () => Promise.resolve([...live.values()]),
      regenerate: ({ id }) =>
        Promise.resolve({ token: FULL, summary: tokenSummary({ id, name: 'ci', regeneratedAt: 5 }) }),
      revoke: ({ id }) => {
        const token = { ...live.get(id)!, revokedAt: 6 };
        live.delete(id);
        return Promise.resolve(token);
      },
    });
    await store.getState().load();
    await store.getState().regenerate('t1');
    expect(store.getState().issued).toMatchObject({ token: FULL, reason: 'regenerated' });

    await store.getState().revoke('t2');
    expect(store.getState().tokens.map((t) => t.name)).toEqual(['ci']);
    expect(store.getState().status).toBe('ready');
  });

  it('hides a revoked token even when reading the list again fails', async () => {
    const store = setup({
      list: () => Promise.reject(new AikeyError('VaultLocked', 'The vault is locked. Unlock it first.')),
      revoke: ({ id }) => Promise.resolve(tokenSummary({ id, name: 'ci', revokedAt: 6 })),
    });
    store.setState({ tokens: [tokenSummary({ id: 't1', name: 'ci' })], status: 'ready' });
    await store.getState().revoke('t1');
    expect(store.getState().tokens).toEqual([]);
  });

  it('says what went wrong when the list cannot load', async () => {
    const store = setup({
      list: () => Promise.reject(new AikeyError('VaultLocked', 'The vault is locked. Unlock it first.')),
    });
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      status: 'error',
      error: 'The vault is locked. Unlock it first.',
    });
  });

  it('turns "Ask before use" on through tokens:update and shows the changed token', async () => {
    const sent: unknown[] = [];
    const store = setup({
      list: () => Promise.resolve([tokenSummary({ id: 't1', name: 'agent' })]),
      update: (input) => {
        sent.push(input);
        return Promise.resolve(tokenSummary({ id: 't1', name: 'agent', askBeforeUse: true }));
      },
    });
    await store.getState().load();
    await store.getState().update('t1', { askBeforeUse: true });
    expect(sent).toEqual([{ id: 't1', changes: { askBeforeUse: true } }]);
    expect(store.getState().tokens.map((t) => [t.name, t.askBeforeUse])).toEqual([['agent', true]]);
  });
});
