// The service layer turns the bridge's tagged results back into values and typed errors.
import { describe, expect, it } from 'vitest';
import { AikeyError } from '#shared/errors.js';
import type { AikeyApi } from '#shared/ipc/api.js';
import { createServices } from './services';

const api = {
  vault: {
    status: () =>
      Promise.resolve({ ok: true, value: { exists: true, unlocked: false, keychainUnlock: false } }),
    unlock: () =>
      Promise.resolve({
        ok: false,
        error: { code: 'TooManyAttempts', message: 'Too many attempts.', retryAfterMs: 4000 },
      }),
    lock: () => Promise.resolve({ ok: false, error: { code: 'SomethingNew', message: 'Odd.' } }),
    changePassword: () => Promise.reject(new Error('channel closed')),
  },
} as unknown as AikeyApi;

describe('services', () => {
  const services = createServices(() => api);

  it('resolves with the value of an ok result', async () => {
    await expect(services.vault.status()).resolves.toEqual({
      exists: true,
      unlocked: false,
      keychainUnlock: false,
    });
  });

  it('rejects with an AikeyError carrying code, message and wait', async () => {
    const error = await services.vault.unlock({ password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AikeyError);
    expect(error).toMatchObject({
      code: 'TooManyAttempts',
      message: 'Too many attempts.',
      retryAfterMs: 4000,
    });
  });

  it('maps an unknown code to Internal and a broken transport to a plain message', async () => {
    await expect(services.vault.lock()).rejects.toMatchObject({ code: 'Internal', message: 'Odd.' });
    await expect(
      services.vault.changePassword({ currentPassword: 'a', newPassword: 'b' }),
    ).rejects.toMatchObject({
      code: 'Internal',
    });
  });

  it('explains that the bridge is missing instead of crashing', async () => {
    const orphan = createServices(() => undefined);
    await expect(orphan.vault.status()).rejects.toMatchObject({ code: 'Internal' });
  });
});
