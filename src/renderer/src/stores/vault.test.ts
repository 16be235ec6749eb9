// The vault store over a fake vault service: the screens it leads to and the errors it shows.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AikeyError } from '#shared/errors.js';
import type { AikeyServices } from '../services/services';
import { createVaultStore } from './vault';

type VaultService = AikeyServices['vault'];

function setup(vault: Partial<VaultService>, now = () => 1_000_000) {
  return createVaultStore({ services: { vault: vault as VaultService }, now, strengthDelayMs: 200 });
}

describe('vault store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes to first run without a vault and to unlock with a locked one', async () => {
    const none = setup({
      status: () => Promise.resolve({ exists: false, unlocked: false, keychainUnlock: false }),
    });
    await none.getState().refresh();
    expect(none.getState().phase).toBe('create');

    const locked = setup({
      status: () => Promise.resolve({ exists: true, unlocked: false, keychainUnlock: true }),
    });
    await locked.getState().refresh();
    expect(locked.getState()).toMatchObject({ phase: 'locked', keychainUnlock: true });
  });

  it('shows the wrong-password error and stays locked', async () => {
    const store = setup({
      unlock: () => Promise.reject(new AikeyError('WrongPassword', 'That master password is not correct.')),
    });
    store.setState({ phase: 'locked' });
    await store.getState().unlock('nope');
    expect(store.getState().phase).toBe('locked');
    expect(store.getState().error).toEqual({
      code: 'WrongPassword',
      message: 'That master password is not correct.',
    });
    expect(store.getState().busy).toBe(false);
  });

  it('remembers until when unlocking is refused after too many attempts', async () => {
    const store = setup({
      unlock: () =>
        Promise.reject(new AikeyError('TooManyAttempts', 'Too many attempts.', { retryAfterMs: 30_000 })),
    });
    await store.getState().unlock('again');
    expect(store.getState().retryAt).toBe(1_030_000);
  });

  it('keeps the recovery key on screen until acknowledged, even when a status poll says unlocked', async () => {
    const store = setup({
      create: () => Promise.resolve({ recoveryKey: 'ABCD-EFGH' }),
      status: () => Promise.resolve({ exists: true, unlocked: true, keychainUnlock: false }),
    });
    await store.getState().create('correct horse battery staple');
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ phase: 'recovery', recoveryKey: 'ABCD-EFGH' });
    store.getState().acknowledgeRecovery();
    expect(store.getState()).toMatchObject({ phase: 'unlocked', recoveryKey: null });
  });

  it('drops the recovery key when the vault auto-locks while it is on screen', async () => {
    let unlocked = true;
    const store = setup({
      create: () => Promise.resolve({ recoveryKey: 'ABCD-EFGH' }),
      status: () => Promise.resolve({ exists: true, unlocked, keychainUnlock: false }),
    });
    await store.getState().create('correct horse battery staple');
    unlocked = false;
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ phase: 'locked', recoveryKey: null });
  });

  it('acknowledging the recovery key asks main whether the vault is still unlocked', async () => {
    let unlocked = true;
    const store = setup({
      create: () => Promise.resolve({ recoveryKey: 'ABCD-EFGH' }),
      status: () => Promise.resolve({ exists: true, unlocked, keychainUnlock: false }),
    });
    await store.getState().create('correct horse battery staple');
    unlocked = false;
    store.getState().acknowledgeRecovery();
    await vi.waitFor(() => expect(store.getState().phase).toBe('locked'));
    expect(store.getState().recoveryKey).toBeNull();
  });

  it('returns to unlock when a poll finds the vault auto-locked', async () => {
    const store = setup({
      status: () => Promise.resolve({ exists: true, unlocked: false, keychainUnlock: false }),
    });
    store.setState({ phase: 'unlocked' });
    await store.getState().refresh();
    expect(store.getState().phase).toBe('locked');
  });

  it('scores the password once typing pauses, and only the last one typed', async () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const store = setup({
      passwordStrength: ({ password }) => {
        asked.push(password);
        return Promise.resolve({ score: 4, acceptable: true, feedback: null });
      },
    });
    store.getState().checkStrength('c');
    store.getState().checkStrength('co');
    store.getState().checkStrength('correct horse');
    await vi.advanceTimersByTimeAsync(200);
    expect(asked).toEqual(['correct horse']);
    expect(store.getState().strength?.score).toBe(4);
    store.getState().checkStrength('');
    expect(store.getState().strength).toBeNull();
  });

  it('reports whether the master password changed', async () => {
    const wrong = setup({
      changePassword: () =>
        Promise.reject(new AikeyError('WrongPassword', 'That master password is not correct.')),
    });
    expect(await wrong.getState().changePassword('bad', 'new one')).toBe(false);
    expect(wrong.getState().error?.code).toBe('WrongPassword');
    const right = setup({ changePassword: () => Promise.resolve(null) });
    expect(await right.getState().changePassword('old', 'new one')).toBe(true);
  });
});
