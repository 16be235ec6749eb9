// The Electron glue (src/main) run for real, but over a RECORDING STAND-IN for `electron`, not the
// Electron runtime, which cannot be downloaded on this project's machines. It builds the app with
// `electron-vite build` (the same command as `npm run build`), runs the built out/main/index.js in
// plain Node with `electron` mapped to test/main/electron-stand-in.mjs by a loader hook, and drives
// it (glue-driver.mjs) once per platform the glue branches on, with a temp data dir and a free port.
// What this proves and what it cannot (real Chromium, OS clipboard and tray, fuses, packaging) is in
// the stand-in's header and the README; test/e2e/electron.spec.ts still runs where Electron exists.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS } from '#shared/ipc/channels.js';
import { FIRST_CLOSE_NOTICE } from '#desktop/background.js';
import type { GlueReport, IpcAnswer, NoTrayReport, SecondInstanceReport } from './glue-report.js';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
const MAIN_ENTRY = join(PROJECT_ROOT, 'out', 'main', 'index.js');
const DRIVER = join(import.meta.dirname, 'glue-driver.mjs');
const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
type Platform = (typeof PLATFORMS)[number];

const raw = (format: string) => `electron application/osclipboard;format="${format}"`;
const EXPECTED_MARKERS: Record<Platform, Record<string, string>> = {
  linux: { [raw('x-kde-passwordManagerHint')]: Buffer.from('secret').toString('hex') },
  darwin: { [raw('org.nspasteboard.ConcealedType')]: '' },
  win32: {
    [raw('ExcludeClipboardContentFromMonitorProcessing')]: '01000000',
    [raw('CanIncludeInClipboardHistory')]: '00000000',
    [raw('CanUploadToCloudClipboard')]: '00000000',
  },
};

let scratch: string;
const reports = new Map<Platform, GlueReport>();
let secondInstance: SecondInstanceReport;
const noTray = new Map<'linux' | 'darwin', NoTrayReport>();
let hidden: { shownWhenReady: boolean; afterTrayOpen: boolean };
let packaged: {
  loginItemsAtStart: unknown[];
  settingsSet: boolean;
  loginItems: unknown[];
  settingsFromForeign: IpcAnswer;
  loginItemsAfterForeign: number;
};

function build(): void {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`electron-vite build failed\n${result.stdout}\n${result.stderr}`);
}

/** One driver run in its own process, data dir and home; the endpoint on a free port (0). */
function drive(name: string, mode: string, env: Record<string, string>): Promise<unknown> {
  const dataDir = join(scratch, name, 'data');
  const home = join(scratch, name, 'home');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(home, { recursive: true });
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ endpointPort: 0 }), { mode: 0o600 });
  const reportFile = join(scratch, name, 'report.json');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    AIKEY_HOME: dataDir,
    AIKEY_STAND_IN_HOME: home,
    ...env,
  };
  delete childEnv['ELECTRON_RENDERER_URL'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER, MAIN_ENTRY, reportFile, mode], {
      cwd: PROJECT_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { error?: string };
        if (report.error) reject(new Error(`${name}: ${report.error}\n${output}`));
        else resolve(report);
      } catch {
        reject(new Error(`${name}: the driver exited ${String(code)} without a report\n${output}`));
      }
    });
  });
}

beforeAll(async () => {
  build();
  scratch = mkdtempSync(join(tmpdir(), 'aikey-glue-'));
  const runs = await Promise.all([
    ...PLATFORMS.map((platform) => drive(platform, 'full', { AIKEY_STAND_IN_PLATFORM: platform })),
    drive('second', 'second-instance', { AIKEY_STAND_IN_SECOND_INSTANCE: '1' }),
    drive('no-tray-linux', 'no-tray', { AIKEY_STAND_IN_PLATFORM: 'linux', AIKEY_STAND_IN_NO_TRAY: '1' }),
    drive('no-tray-darwin', 'no-tray', { AIKEY_STAND_IN_PLATFORM: 'darwin', AIKEY_STAND_IN_NO_TRAY: '1' }),
    drive('start-hidden', 'start-hidden', {}),
    drive('packaged', 'packaged', { AIKEY_STAND_IN_PLATFORM: 'darwin', AIKEY_STAND_IN_PACKAGED: '1' }),
  ]);
  PLATFORMS.forEach((platform, i) => reports.set(platform, runs[i] as GlueReport));
  hidden = runs[PLATFORMS.length + 3] as typeof hidden;
  packaged = runs[PLATFORMS.length + 4] as typeof packaged;
  secondInstance = runs[PLATFORMS.length] as SecondInstanceReport;
  noTray.set('linux', runs[PLATFORMS.length + 1] as NoTrayReport);
  noTray.set('darwin', runs[PLATFORMS.length + 2] as NoTrayReport);
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const reportFor = (platform: Platform): GlueReport => {
  const report = reports.get(platform);
  if (!report) throw new Error(`no report for ${platform}`);
  return report;
};

describe('the built main process over a recording electron stand-in (not the Electron runtime)', () => {
  it('a second instance quits at once and touches nothing', () => {
    expect(secondInstance.calls).toContain('app.requestSingleInstanceLock');
    expect(secondInstance.quitRequested).toBe(1);
    expect(secondInstance.calls).not.toContain('app.whenReady');
    expect(secondInstance.ipcHandlers).toBe(0);
    expect(secondInstance.windows).toBe(0);
  });

  it('without a tray, closing the window on Linux quits, stopping the endpoint', () => {
    const report = noTray.get('linux');
    expect(report?.trays).toBe(0);
    expect(report?.endpointAtStart).toMatchObject({ answered: true });
    expect(report?.afterClose).toEqual({ destroyed: true, notices: 0 });
    expect(report?.quit.endpointAfter).toMatchObject({ discoveryFile: false, answered: false });
  });

  it('without a tray on macOS, closing leaves the app serving and the Dock icon opens a new window', () => {
    const report = noTray.get('darwin');
    expect(report?.afterClose).toMatchObject({
      destroyed: true,
      quitRequested: 0,
      endpoint: { answered: true },
    });
    expect(report?.activate).toEqual({ windows: 2, visibleAfterReady: true });
    expect(report?.quit.endpointAfter).toMatchObject({ discoveryFile: false, answered: false });
  });

  it('started with --hidden, the window stays hidden until the tray opens it', () => {
    expect(hidden).toMatchObject({ shownWhenReady: false, afterTrayOpen: true });
  });

  it('packaged, the login item follows the settings at start and on every change', () => {
    expect(packaged.loginItemsAtStart).toEqual([{ openAtLogin: false, args: [] }]);
    expect(packaged.settingsSet).toBe(true);
    expect(packaged.loginItems).toEqual([
      { openAtLogin: false, args: [] },
      { openAtLogin: true, args: ['--hidden'] },
    ]);
    expect(packaged.settingsFromForeign).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    expect(packaged.loginItemsAfterForeign).toBe(2);
  });

  describe.each(PLATFORMS)('as on %s', (platform) => {
    it('registers app:// as privileged before ready, takes the single-instance lock, then waits for ready', () => {
      const { beforeReady } = reportFor(platform);
      expect(beforeReady.schemePrivilegedBeforeReady).toBe(true);
      expect(beforeReady.privilegedSchemes).toEqual([
        { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      ]);
      expect(beforeReady.calls.indexOf('app.requestSingleInstanceLock')).toBeGreaterThan(
        beforeReady.calls.indexOf('protocol.registerSchemesAsPrivileged'),
      );
      for (const event of ['second-instance', 'web-contents-created', 'window-all-closed', 'before-quit']) {
        expect(beforeReady.calls).toContain(`app.on ${event}`);
      }
      expect(beforeReady.calls.at(-1)).toBe('app.whenReady');
    });

    it('opens one hardened window on app://aikey with the built preload', () => {
      const { window } = reportFor(platform);
      expect(window.webPreferences).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      });
      expect(window.preloadFile).toBe('preload/index.cjs');
      expect(window.preloadExists).toBe(true);
      expect(window.loadedUrl).toBe('app://aikey/index.html');
      expect(window.shownWhenReady).toBe(true);
    });

    it('serves the built renderer on app:// with its CSP, and nothing outside it', () => {
      const { protocol } = reportFor(platform);
      expect(protocol.schemes).toEqual(['app']);
      expect(protocol.indexStatus).toBe(200);
      expect(protocol.indexIsHtml).toBe(true);
      expect(protocol.csp).toContain("default-src 'self'");
      expect(protocol.traversalStatus).toBe(404);
      expect(protocol.otherHostStatus).toBe(404);
    });

    it('grants only the clipboard, only to the app page; navigation and new windows stay in', () => {
      const { permissions, navigation } = reportFor(platform);
      expect(permissions).toEqual({
        clipboardReadApp: true,
        mediaApp: false,
        notificationsApp: false,
        clipboardReadForeign: false,
        checkClipboardApp: true,
        checkGeolocationApp: false,
      });
      expect(navigation.foreignPrevented).toBe(true);
      expect(navigation.providerPrevented).toBe(true);
      expect(navigation.openedExternally).toEqual(['https://platform.openai.com/api-keys']);
      expect(navigation.windowOpen).toEqual({ action: 'deny' });
    });

    it('handles exactly the contract channels, once each, and refuses other origins', () => {
      const { ipc } = reportFor(platform);
      expect(Object.keys(ipc.handleCounts).sort()).toEqual([...IPC_CHANNELS].sort());
      expect(new Set(Object.values(ipc.handleCounts))).toEqual(new Set([1]));
      expect(ipc['statusFromApp']).toMatchObject({ ok: true, value: { exists: false } });
      for (const refused of [
        'statusFromForeign',
        'statusFromSubframe',
        'statusWithoutFrame',
        'createFromForeign',
      ]) {
        expect(ipc[refused]).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
      }
      expect(ipc['statusAfterForeignCreate']).toMatchObject({ ok: true, value: { exists: false } });
      expect(ipc['malformedFromApp']).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
      expect(ipc['createFromApp']).toMatchObject({ ok: true });
    });

    it('pushes only contract events to the window', () => {
      const { events } = reportFor(platform);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(IPC_EVENTS).toContain(event);
      expect(events).toEqual(
        expect.arrayContaining([
          'vault:state',
          'keys:changed',
          'tokens:changed',
          'endpoint:state',
          'app:navigate',
        ]),
      );
    });

    it('starts the real loopback endpoint with the app and shows it in the tray', () => {
      const report = reportFor(platform);
      expect(report.endpointAtStart).toMatchObject({ discoveryFile: true, answered: true, status: 200 });
      expect(report.trayUnlocked).toEqual([
        'Open AIKey Wallet',
        'Lock',
        '---',
        expect.stringMatching(/^Endpoint: serving on 127\.0\.0\.1:\d+ \(disabled\)$/),
        '---',
        'Quit AIKey Wallet',
      ]);
    });

    it('shows an expiry notice naming no secret, and a click opens the keys screen', () => {
      const { expiryNotice, noticeClick } = reportFor(platform);
      expect(expiryNotice).toMatchObject({ shown: true, mentionsSecret: false });
      expect(noticeClick.windowShown).toBe(true);
      expect(noticeClick.navigated).toEqual([{ screen: 'keys' }]);
    });

    it(`copies a key with the ${platform} concealment markers in the same clipboard item`, () => {
      const { clipboard } = reportFor(platform);
      expect(clipboard).toMatchObject({ ok: true, items: 1, holdsSecret: true });
      expect(clipboard.markers).toEqual(EXPECTED_MARKERS[platform]);
    });

    it('locks on suspend, which clears the copied key', () => {
      const { powerHooks, afterSuspend } = reportFor(platform);
      expect(powerHooks).toEqual(expect.arrayContaining(['suspend', 'lock-screen']));
      expect(afterSuspend.status).toMatchObject({ ok: true, value: { exists: true, unlocked: false } });
      expect(afterSuspend.clipboardText).toBe('');
      expect(afterSuspend.trayLabels).toContain('Lock (disabled)');
    });

    it('hides the window on close (one notice, ever) while the endpoint keeps serving', () => {
      const { hideOnClose, trayOpen, activate } = reportFor(platform);
      expect(hideOnClose).toMatchObject({ destroyed: false, visible: false, quitRequested: 0 });
      expect(hideOnClose.newNotices).toEqual([FIRST_CLOSE_NOTICE.title]);
      expect(hideOnClose.endpoint).toMatchObject({ answered: true, status: 200 });
      expect(trayOpen.visible).toBe(true);
      expect(activate).toEqual({ visible: true, windows: 1, hiddenByClose: expect.any(Number) as number });
    });

    it("the tray's Lock locks the vault", () => {
      const { trayLock } = reportFor(platform);
      expect(trayLock.unlocked).toBe(true);
      expect(trayLock.status).toMatchObject({ ok: true, value: { unlocked: false } });
    });

    it("the tray's Quit stops the endpoint and locks before the app exits", () => {
      const { quit } = reportFor(platform);
      expect(quit.endpointBefore).toMatchObject({ discoveryFile: true, answered: true });
      expect(quit.endpointAfter).toMatchObject({ discoveryFile: false, answered: false });
      expect(quit.statesDuringQuit).toEqual(['locked']);
      expect(quit).toMatchObject({ trayDestroyed: true, windowDestroyed: true, exitCode: null });
    });
  });
});
