// The defaults the renderer falls back to are the ones an empty settings.json loads with, so a fresh
// install behaves the same whether a value came from main or from the renderer's fallback.
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from './schemas/settings.js';
import { DEFAULT_SETTINGS } from './settings-defaults.js';

describe('DEFAULT_SETTINGS', () => {
  it('is what an empty settings file parses to', () => {
    expect(SettingsSchema.parse({})).toEqual(DEFAULT_SETTINGS);
  });

  it('matches the issue: lock after 15 idle minutes, clear the clipboard after 30 s, hide after 20 s', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      autoLockMinutes: 15,
      clipboardClearSeconds: 30,
      revealSeconds: 20,
    });
  });
});
