// The settings store over a fake service: a save is main's answer, and the endpoint status follows it.
import { describe, expect, it } from 'vitest';
import { AikeyError } from '#shared/errors.js';
import { DEFAULT_SETTINGS, type SettingsPatch } from '#shared/schemas/settings.js';
import type { AikeyServices } from '../services/services';
import { createSettingsStore } from './settings';

function setup() {
  let settings = { ...DEFAULT_SETTINGS };
  let cli = {
    available: true,
    path: '/home/me/.local/bin/aikey',
    installed: false,
    onPath: true,
    conflict: null,
  };
  const services = {
    settings: {
      get: () => Promise.resolve(settings),
      set: (patch: SettingsPatch) => {
        if (patch.endpointPort === 80)
          return Promise.reject(
            new AikeyError('InvalidInput', 'The port must be 0 or between 1024 and 65535.'),
          );
        settings = { ...settings, ...patch };
        return Promise.resolve(settings);
      },
    },
    keychain: {
      status: () =>
        Promise.resolve({ available: false, enabled: false, reason: 'basic_text protects nothing' }),
    },
    endpoint: {
      status: () =>
        Promise.resolve({
          enabled: settings.endpointEnabled,
          running: settings.endpointEnabled,
          url: settings.endpointEnabled ? `http://127.0.0.1:${settings.endpointPort}` : null,
          port: settings.endpointEnabled ? settings.endpointPort : null,
          error: null,
        }),
    },
    cli: {
      status: () => Promise.resolve(cli),
      install: () => {
        cli = { ...cli, installed: true };
        return Promise.resolve(cli);
      },
    },
  } as unknown as Pick<AikeyServices, 'settings' | 'keychain' | 'endpoint' | 'cli'>;
  return createSettingsStore({ services });
}

describe('settings store', () => {
  it('loads settings, keychain status with its reason, and the endpoint', async () => {
    const store = setup();
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      status: 'ready',
      settings: { autoLockMinutes: 15 },
      keychain: { available: false, reason: 'basic_text protects nothing' },
      endpoint: { running: true },
    });
  });

  it('shows the endpoint stopped after turning it off, and at its new port after a port change', async () => {
    const store = setup();
    await store.getState().load();
    await store.getState().save({ endpointEnabled: false });
    expect(store.getState().endpoint).toMatchObject({ running: false, url: null });
    await store.getState().save({ endpointEnabled: true, endpointPort: 50000 });
    expect(store.getState().endpoint?.url).toBe('http://127.0.0.1:50000');
  });

  it('keeps the old value when main refuses a setting', async () => {
    const store = setup();
    await store.getState().load();
    await expect(store.getState().save({ endpointPort: 80 })).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(store.getState().settings?.endpointPort).toBe(DEFAULT_SETTINGS.endpointPort);
  });
});
