// Copying a secret through main, against a recording stand-in for the OS clipboard (it says what it
// is: it records formats and values; the real clipboard is Electron's, glued in src/main). The key
// travels by id only, lands with each platform's concealment markers, is cleared after the user's
// delay only if the clipboard still holds it, and at once on lock and on quit.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { concealmentMarkers, SecretClipboard } from '#desktop/clipboard.js';
import { recordingClipboard } from '../helpers/recording-clipboard.js';
import { SAMPLE_KEYS, STRONG_PASSWORD } from '../helpers/temp-wallet.js';
import { newDesktop } from './fixtures.js';

afterEach(() => {
  vi.useRealTimers();
});

async function desktopWithKey(platform: NodeJS.Platform = 'linux', clearSeconds = 20) {
  const clipboard = recordingClipboard();
  const desktop = newDesktop({ clipboard, platform, settings: { clipboardClearSeconds: clearSeconds } });
  await desktop.call('vault:create', { password: STRONG_PASSWORD });
  const key = await desktop.call('keys:create', { provider: 'openai', secret: SAMPLE_KEYS.openai });
  return { desktop, clipboard, key };
}

describe('concealment markers', () => {
  it('marks the copy as concealed on macOS', () => {
    expect(concealmentMarkers('darwin').map((m) => m.format)).toEqual(['org.nspasteboard.ConcealedType']);
  });

  it('keeps it out of Windows clipboard history and cloud sync (DWORD 0)', () => {
    const markers = Object.fromEntries(concealmentMarkers('win32').map((m) => [m.format, m.data]));
    expect(Object.keys(markers)).toContain('ExcludeClipboardContentFromMonitorProcessing');
    expect(markers['CanIncludeInClipboardHistory']).toEqual(Buffer.from([0, 0, 0, 0]));
    expect(markers['CanUploadToCloudClipboard']).toEqual(Buffer.from([0, 0, 0, 0]));
  });

  it("gives Linux clipboard managers KDE's password-manager hint", () => {
    expect(concealmentMarkers('linux')).toEqual([
      { format: 'x-kde-passwordManagerHint', data: Buffer.from('secret') },
    ]);
  });
});

describe('clipboard:copySecret', () => {
  it('copies the key main reads by id, with the markers, and never answers with the value', async () => {
    const { desktop, clipboard, key } = await desktopWithKey('win32');
    const answer = await desktop.call('clipboard:copySecret', { id: key.id });
    expect(answer).toEqual({ clearsInSeconds: 20 });
    expect(JSON.stringify(answer)).not.toContain(SAMPLE_KEYS.openai);
    expect(clipboard.text).toBe(SAMPLE_KEYS.openai);
    expect(clipboard.formats).toEqual({
      ExcludeClipboardContentFromMonitorProcessing: '01000000',
      CanIncludeInClipboardHistory: '00000000',
      CanUploadToCloudClipboard: '00000000',
    });
  });

  it('refuses while the vault is locked, and a key id that does not exist', async () => {
    const { desktop, clipboard, key } = await desktopWithKey();
    const unknown = await desktop.router.invoke('clipboard:copySecret', 'app://aikey', {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('KeyNotFound');
    await desktop.call('vault:lock');
    const locked = await desktop.router.invoke('clipboard:copySecret', 'app://aikey', { id: key.id });
    expect(locked.ok ? 'ok' : locked.error.code).toBe('VaultLocked');
    expect(clipboard.writes).toEqual([]);
  });

  it('clears after the delay when the clipboard still holds the key', async () => {
    const { desktop, clipboard, key } = await desktopWithKey('linux', 20);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await desktop.call('clipboard:copySecret', { id: key.id });
    await vi.advanceTimersByTimeAsync(19_999);
    expect(clipboard.text).toBe(SAMPLE_KEYS.openai);
    await vi.advanceTimersByTimeAsync(1);
    expect(clipboard.text).toBe('');
    expect(clipboard.clears).toBe(1);
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const { desktop, clipboard, key } = await desktopWithKey('linux', 20);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await desktop.call('clipboard:copySecret', { id: key.id });
    clipboard.userCopies('a shopping list');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(clipboard.text).toBe('a shopping list');
    expect(clipboard.clears).toBe(0);
  });

  it('clears at once when the vault locks, and again nothing once the user copied over it', async () => {
    const { desktop, clipboard, key } = await desktopWithKey();
    await desktop.call('clipboard:copySecret', { id: key.id });
    await desktop.call('vault:lock');
    await vi.waitFor(() => expect(clipboard.text).toBe(''));

    await desktop.call('vault:unlock', { password: STRONG_PASSWORD });
    await desktop.call('clipboard:copySecret', { id: key.id });
    clipboard.userCopies('notes');
    await desktop.call('vault:lock');
    await new Promise((resolve) => setImmediate(resolve));
    expect(clipboard.text).toBe('notes');
  });

  it('clears on quit, and clears anyway when the clipboard cannot be read', async () => {
    const { desktop, clipboard, key } = await desktopWithKey();
    await desktop.call('clipboard:copySecret', { id: key.id });
    clipboard.unreadable = true;
    await desktop.close();
    expect(clipboard.text).toBe('');
  });

  it('copies a one-time value the window shows under the same rules', async () => {
    const { desktop, clipboard } = await desktopWithKey('darwin');
    await desktop.call('clipboard:copyOneTime', { text: 'aik_one_time_token' });
    expect(clipboard.writes).toEqual([
      { text: 'aik_one_time_token', formats: { 'org.nspasteboard.ConcealedType': '' } },
    ]);
    await desktop.call('vault:lock');
    await vi.waitFor(() => expect(clipboard.text).toBe(''));
  });
});

describe('SecretClipboard', () => {
  it('reads the delay at each copy, so a new setting applies to the next copy', async () => {
    const clipboard = recordingClipboard();
    let seconds = 10;
    const secrets = new SecretClipboard({ clipboard, platform: 'linux', clearSeconds: () => seconds });
    expect(await secrets.copy('one')).toEqual({ clearsInSeconds: 10 });
    seconds = 45;
    expect(await secrets.copy('two')).toEqual({ clearsInSeconds: 45 });
    await secrets.clearIfHeld();
    expect(clipboard.text).toBe('');
    expect(secrets.holding).toBe(false);
  });
});
