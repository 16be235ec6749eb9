// The app in the background, as decisions: closing the window keeps the wallet serving (a notice
// says so once, remembered across runs), Quit really quits, a desktop without a tray never hides the
// app out of reach, the tray shows the endpoint's state, and "Start at login" / "Start hidden" turn
// into the login item and, on Linux, the XDG autostart entry.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decideWindowClose,
  loginItemSettings,
  shouldShowWindowAtStart,
  trayMenu,
  trayTooltip,
} from '#desktop/background.js';
import { BackgroundState } from '#desktop/background-state.js';
import { applyLinuxAutostart, autostartEntry, autostartFile } from '#desktop/linux-autostart.js';
import type { EndpointStatus } from '#shared/schemas/endpoint.js';
import { tempDir } from '../helpers/temp-wallet.js';

const SERVING: EndpointStatus = {
  enabled: true,
  running: true,
  url: 'http://127.0.0.1:47821',
  port: 47821,
  error: null,
};
const OFF: EndpointStatus = { enabled: false, running: false, url: null, port: null, error: null };

describe('closing the window', () => {
  it('hides it, with the notice the first time only, while the endpoint keeps serving', () => {
    const state = new BackgroundState(tempDir('aikey-bg-'));
    const first = decideWindowClose({
      quitting: false,
      trayAvailable: true,
      noticeShown: state.closeNoticeShown(),
    });
    expect(first).toEqual({ action: 'hide', notice: true });
    state.markCloseNoticeShown();
    const again = decideWindowClose({
      quitting: false,
      trayAvailable: true,
      noticeShown: state.closeNoticeShown(),
    });
    expect(again).toEqual({ action: 'hide', notice: false });
  });

  it('remembers the notice across runs, and treats a damaged state file as not shown', () => {
    const dir = tempDir('aikey-bg-');
    new BackgroundState(dir).markCloseNoticeShown();
    expect(new BackgroundState(dir).closeNoticeShown()).toBe(true);
    writeFileSync(join(dir, 'desktop-state.json'), '{not json');
    expect(new BackgroundState(dir).closeNoticeShown()).toBe(false);
  });

  it('closes when the user quit, or when no tray could bring the window back', () => {
    expect(decideWindowClose({ quitting: true, trayAvailable: true, noticeShown: false })).toEqual({
      action: 'close',
    });
    expect(decideWindowClose({ quitting: false, trayAvailable: false, noticeShown: false })).toEqual({
      action: 'close',
    });
  });
});

describe('starting', () => {
  it('starts hidden only when asked and a tray exists; a second launch always shows the window', () => {
    expect(shouldShowWindowAtStart({ startHidden: false, trayAvailable: true })).toBe(true);
    expect(shouldShowWindowAtStart({ startHidden: true, trayAvailable: true })).toBe(false);
    expect(shouldShowWindowAtStart({ startHidden: true, trayAvailable: false })).toBe(true);
    expect(shouldShowWindowAtStart({ startHidden: true, trayAvailable: true, userAsked: true })).toBe(true);
  });

  it('turns the settings into the login item', () => {
    expect(loginItemSettings({ startAtLogin: false, startHidden: true })).toEqual({
      openAtLogin: false,
      args: ['--hidden'],
    });
    expect(loginItemSettings({ startAtLogin: true, startHidden: false })).toEqual({
      openAtLogin: true,
      args: [],
    });
  });

  it('writes and removes the Linux autostart entry, quoting the executable path', () => {
    const configHome = tempDir('aikey-xdg-');
    const executable = '/opt/AIKey Wallet/aikey-wallet';
    applyLinuxAutostart(true, { executable, startHidden: true, configHome });
    const file = autostartFile(configHome);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/AIKey Wallet/aikey-wallet" --hidden');
    applyLinuxAutostart(false, { executable, startHidden: true, configHome });
    expect(existsSync(file)).toBe(false);
    expect(autostartEntry('/a/"b"', false)).toContain('Exec="/a/\\"b\\""');
  });
});

describe('the tray', () => {
  it('offers Open, Lock while unlocked, the endpoint state and Quit', () => {
    const menu = trayMenu({ vaultUnlocked: true, endpoint: SERVING });
    const items = menu.flatMap((item) => (item.kind === 'item' ? [[item.id, item.label, item.enabled]] : []));
    expect(items).toEqual([
      ['open', 'Open AIKey Wallet', true],
      ['lock', 'Lock', true],
      ['endpoint', 'Endpoint: serving on 127.0.0.1:47821', false],
      ['quit', 'Quit AIKey Wallet', true],
    ]);
  });

  it('greys out Lock while locked and says when the endpoint is off or failed', () => {
    const locked = trayMenu({ vaultUnlocked: false, endpoint: OFF });
    expect(locked.find((i) => i.kind === 'item' && i.id === 'lock')).toMatchObject({ enabled: false });
    expect(trayTooltip({ vaultUnlocked: false, endpoint: OFF })).toBe(
      'AIKey Wallet (locked) — Endpoint: off',
    );
    const failed = trayMenu({
      vaultUnlocked: true,
      endpoint: { ...OFF, enabled: true, error: 'Port taken.' },
    });
    expect(failed.find((i) => i.kind === 'item' && i.id === 'endpoint')).toMatchObject({
      label: 'Endpoint: could not start (see Settings)',
    });
  });
});
