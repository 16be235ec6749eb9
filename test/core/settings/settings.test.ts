// Settings a user changes in the app: they persist in settings.json (0600), a bad value is refused
// with InvalidInput and changes nothing, and a damaged file never stops the app.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SettingsStore } from '#core/settings/settings-store.js';
import { DEFAULT_SETTINGS } from '#shared/schemas/settings.js';
import { tempDir } from '../../helpers/temp-wallet.js';
import { codeOf } from '../../helpers/errors.js';
import { APP_ORIGIN, newDesktop } from '../../desktop/fixtures.js';

describe('settings store', () => {
  it('starts from the defaults and keeps a change across restarts in a 0600 file', () => {
    const dataDir = join(tempDir(), 'data');
    const store = new SettingsStore({ dataDir });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.get().autoLockMinutes).toBe(15);
    store.set({ autoLockMinutes: 5, endpointPort: 50123 });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(new SettingsStore({ dataDir }).get()).toEqual({
      ...DEFAULT_SETTINGS,
      autoLockMinutes: 5,
      endpointPort: 50123,
    });
  });

  it('fills fields missing from an older file with their defaults', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ autoLockMinutes: 3 }));
    expect(new SettingsStore({ dataDir }).get()).toEqual({ ...DEFAULT_SETTINGS, autoLockMinutes: 3 });
  });

  it.each([
    { autoLockMinutes: -1 },
    { autoLockMinutes: 1.5 },
    { autoLockMinutes: '10' },
    { autoLockMinutes: 100_000 },
    { clipboardClearSeconds: 0 },
    { revealSeconds: null },
    { endpointEnabled: 'yes' },
    { endpointPort: 80 },
    { endpointPort: 70_000 },
    { theme: 'dark' },
    { autoLockMinutes: 5, endpointPort: -2 },
    null,
    [],
    'autoLockMinutes=5',
  ])('refuses %j with InvalidInput and changes nothing', (patch) => {
    const dataDir = tempDir();
    const store = new SettingsStore({ dataDir });
    store.set({ autoLockMinutes: 7 });
    const before = readFileSync(store.file, 'utf8');
    const listener = vi.fn();
    store.onChange(listener);
    expect(codeOf(() => store.set(patch))).toBe('InvalidInput');
    expect(store.get().autoLockMinutes).toBe(7);
    expect(readFileSync(store.file, 'utf8')).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });

  it('tells listeners the new and the previous settings', () => {
    const store = new SettingsStore({ dataDir: tempDir() });
    const listener = vi.fn();
    store.onChange(listener);
    store.set({ lockOnSuspend: false });
    expect(listener).toHaveBeenCalledWith({ ...DEFAULT_SETTINGS, lockOnSuspend: false }, DEFAULT_SETTINGS);
  });

  it.each([
    ['not JSON', '{"autoLockMinutes": 5,'],
    ['a wrong type', JSON.stringify({ autoLockMinutes: 'soon' })],
    ['an unknown field', JSON.stringify({ autoLockMinutes: 5, evil: true })],
    ['not an object', '42'],
  ])('replaces a damaged file (%s) with the defaults, keeps it aside and says so', (_what, contents) => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), contents);
    const reports: string[] = [];
    const store = new SettingsStore({ dataDir, onDamagedFile: (reason) => reports.push(reason) });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/default settings replaced it/);
    expect(readFileSync(join(dataDir, 'settings.json.damaged'), 'utf8')).toBe(contents);
    expect(JSON.parse(readFileSync(store.file, 'utf8'))).toEqual(DEFAULT_SETTINGS);
    expect(existsSync(store.file) && statSync(store.file).mode & 0o777).toBe(0o600);
  });
});

describe('settings over IPC', () => {
  it('answers settings:set with the new settings and refuses a bad port as a typed error', async () => {
    const desktop = newDesktop();
    expect((await desktop.call('settings:set', { clipboardClearSeconds: 45 })).clipboardClearSeconds).toBe(
      45,
    );
    const refused = await desktop.router.invoke('settings:set', APP_ORIGIN, { endpointPort: 22 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(refused.ok === false && refused.error.message).toMatch(/port/);
    expect((await desktop.call('settings:get')).clipboardClearSeconds).toBe(45);
  });
});
