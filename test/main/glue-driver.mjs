// Runs the real built main process (out/main/index.js) in plain Node over the RECORDING STAND-IN for
// `electron` (electron-stand-in.mjs; read its header for what this can and cannot prove), drives the
// app as Electron and a user would (ready, IPC from the app's page and from a foreign one, closing
// the window, the tray, a suspend, Quit), and writes what happened as JSON for glue.test.ts to judge.
// A child process per run: the glue keeps module-level state and calls app.quit/app.exit.
// Usage: node glue-driver.mjs <main entry> <report.json> [full|no-tray|start-hidden|packaged|second-instance]
/* global fetch, Request -- Node's web globals */
import { Buffer } from 'node:buffer';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

register('./electron-loader.mjs', import.meta.url);
const { recording, fireReady } = await import('./electron-stand-in.mjs');

const [mainEntry, reportFile, mode = 'full'] = process.argv.slice(2);
if (!mainEntry || !reportFile) throw new Error('usage: glue-driver.mjs <main entry> <report.json> [mode]');
const dataDir = process.env.AIKEY_HOME;
if (!dataDir) throw new Error('glue-driver: AIKEY_HOME must name a temporary data directory');

const PASSWORD = 'correct horse battery staple 42!';
const SECRET = `sk-proj-${'Xy7'.repeat(16)}Q9z0`;
const APP_PAGE = { senderFrame: { origin: 'app://aikey', url: 'app://aikey/index.html', parent: null } };
const FOREIGN_PAGE = {
  senderFrame: { origin: 'https://evil.example', url: 'https://evil.example/', parent: null },
};
const APP_SUBFRAME = { senderFrame: { origin: 'app://aikey', url: 'app://aikey/x', parent: {} } };

const report = { mode };

async function until(what, predicate, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`glue-driver: timed out waiting for ${what}`);
    await sleep(10);
  }
}

function invoke(channel, event, input) {
  const handler = recording.ipcHandlers.get(channel);
  if (!handler) throw new Error(`glue-driver: no ipcMain handler for ${channel}`);
  return handler(event, input);
}

const sentOf = (window) => window.webContents.sent.map(({ channel, payload }) => ({ channel, payload }));
const vaultStates = (window) =>
  window.webContents.sent.filter((s) => s.channel === 'vault:state').map((s) => s.payload.state);
const trayLabels = (tray) =>
  (tray.menus.at(-1) ?? []).map((item) =>
    item.type === 'separator' ? '---' : `${item.label}${item.enabled === false ? ' (disabled)' : ''}`,
  );
const clickTray = (tray, label) => {
  const item = (tray.menus.at(-1) ?? []).find((i) => i.label === label);
  if (!item) throw new Error(`glue-driver: the tray has no "${label}" item`);
  item.click();
};

/** Whether endpoint.json exists and its server (or, once it is gone, the last one seen) answers /health. */
let lastEndpointUrl = null;
async function health() {
  const discovery = join(dataDir, 'endpoint.json');
  const discoveryFile = existsSync(discovery);
  const url = discoveryFile ? JSON.parse(readFileSync(discovery, 'utf8')).url : lastEndpointUrl;
  if (url === null) return { discoveryFile, answered: false };
  lastEndpointUrl = url;
  try {
    const response = await fetch(`${url}/health`);
    return { discoveryFile, url, answered: true, status: response.status };
  } catch {
    return { discoveryFile, url, answered: false };
  }
}

async function full() {
  report.beforeReady = {
    calls: recording.calls.map(([api, first]) => (typeof first === 'string' ? `${api} ${first}` : api)),
    schemePrivilegedBeforeReady: recording.schemes.privilegedBeforeReady,
    privilegedSchemes: recording.schemes.privileged,
  };
  fireReady();
  await until('the window and tray', () => recording.windows.length > 0 && recording.trays.length > 0);
  const window = recording.windows[0];
  const tray = recording.trays[0];
  const preload = window.options.webPreferences.preload;
  report.window = {
    webPreferences: window.options.webPreferences,
    preloadExists: existsSync(preload),
    preloadFile: preload.split(/[\\/]/).slice(-2).join('/'),
    loadedUrl: window.webContents.loadedUrl,
  };
  window.emit('ready-to-show');
  report.window.shownWhenReady = window.visible;

  // app:// serves the built renderer with its CSP; nothing outside it.
  const serve = recording.schemes.handlers.get('app');
  const page = await serve(new Request('app://aikey/index.html'));
  report.protocol = {
    schemes: [...recording.schemes.handlers.keys()],
    indexStatus: page.status,
    indexIsHtml: (await page.text()).includes('<html'),
    csp: page.headers.get('content-security-policy'),
    traversalStatus: (await serve(new Request('app://aikey/..%2F..%2Fpackage.json'))).status,
    otherHostStatus: (await serve(new Request('app://elsewhere/index.html'))).status,
  };

  const decide = (permission, requestingUrl) =>
    new Promise((resolve) =>
      recording.permission.request(window.webContents, permission, resolve, { requestingUrl }),
    );
  report.permissions = {
    clipboardReadApp: await decide('clipboard-read', 'app://aikey/index.html'),
    mediaApp: await decide('media', 'app://aikey/index.html'),
    notificationsApp: await decide('notifications', 'app://aikey/index.html'),
    clipboardReadForeign: await decide('clipboard-read', 'https://evil.example/'),
    checkClipboardApp: recording.permission.check(window.webContents, 'clipboard-read', 'app://aikey'),
    checkGeolocationApp: recording.permission.check(window.webContents, 'geolocation', 'app://aikey'),
  };

  const navigate = (url) => {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    window.webContents.emit('will-navigate', event, url);
    return event.defaultPrevented;
  };
  report.navigation = {
    foreignPrevented: navigate('https://evil.example/phish'),
    providerPrevented: navigate('https://platform.openai.com/api-keys'),
    openedExternally: [...recording.openedExternally],
    windowOpen: window.webContents.windowOpenHandler({ url: 'https://evil.example/' }),
  };

  report.ipc = {
    handleCounts: Object.fromEntries(recording.ipcHandleCount),
    statusFromApp: await invoke('vault:status', APP_PAGE),
    statusFromForeign: await invoke('vault:status', FOREIGN_PAGE),
    statusFromSubframe: await invoke('vault:status', APP_SUBFRAME),
    statusWithoutFrame: await invoke('vault:status', { senderFrame: null }),
    createFromForeign: await invoke('vault:create', FOREIGN_PAGE, { password: PASSWORD }),
    malformedFromApp: await invoke('vault:unlock', APP_PAGE, { password: 42 }),
  };
  report.ipc.statusAfterForeignCreate = await invoke('vault:status', APP_PAGE);
  report.endpointAtStart = await health();

  const created = await invoke('vault:create', APP_PAGE, { password: PASSWORD });
  report.ipc.createFromApp = {
    ok: created.ok,
    hasRecoveryKey: created.ok && created.value.recoveryKey.length > 0,
  };
  report.trayUnlocked = trayLabels(tray);
  report.tooltips = [...tray.tooltips];
  const expiresAt = Date.now() + 3 * 86_400_000;
  const key = await invoke('keys:create', APP_PAGE, {
    provider: 'openai',
    name: 'glue',
    secret: SECRET,
    expiresAt,
  });
  if (!key.ok) throw new Error(`glue-driver: keys:create failed: ${key.error.code}`);

  // A token created here reaches the window as tokens:changed (the change watcher's 1 s look).
  const token = await invoke('tokens:create', APP_PAGE, { name: 'glue-agent' });
  report.tokenCreated = token.ok;
  await until('tokens:changed', () => window.webContents.sent.some((s) => s.channel === 'tokens:changed'));

  // The scheduler looks again on keys:changed; the key expires in 3 days.
  await until('the expiry notification', () =>
    recording.notifications.some((n) => n.options.title === 'A key expires soon'),
  );
  const expiry = recording.notifications.find((n) => n.options.title === 'A key expires soon');
  report.expiryNotice = {
    title: expiry.options.title,
    shown: expiry.shown,
    mentionsSecret: JSON.stringify(expiry.options).includes(SECRET),
  };

  const copied = await invoke('clipboard:copySecret', APP_PAGE, { id: key.value.id });
  const written = recording.clipboardWrites.at(-1) ?? [];
  const markerEntries = written.flatMap((entries) =>
    Object.entries(entries).filter(([format]) => format !== 'text/plain'),
  );
  report.clipboard = {
    ok: copied.ok,
    platform: process.platform,
    items: written.length,
    holdsSecret: written.some((entries) => entries['text/plain'] === SECRET),
    /** Each raw OS format with its bytes in hex (a marker is a flag or a DWORD, never a secret). */
    markers: Object.fromEntries(
      await Promise.all(
        markerEntries.map(async ([format, blob]) => [
          format,
          Buffer.from(await blob.arrayBuffer()).toString('hex'),
        ]),
      ),
    ),
  };

  // A click on a notification opens its screen in the window.
  window.hide();
  expiry.emit('click');
  report.noticeClick = {
    windowShown: window.visible,
    navigated: sentOf(window)
      .filter((s) => s.channel === 'app:navigate')
      .map((s) => s.payload),
  };

  // A suspend locks (lockOnSuspend is on by default) and the lock clears the copied key.
  report.powerHooks = [...recording.powerHandlers.keys()];
  for (const listener of recording.powerHandlers.get('suspend') ?? []) listener();
  await until('the lock after suspend', () => vaultStates(window).at(-1) === 'auto-locked');
  report.afterSuspend = {
    status: await invoke('vault:status', APP_PAGE),
    clipboardText: (await import('./electron-stand-in.mjs')).clipboard.readText(),
    trayLabels: trayLabels(tray),
  };

  // Closing the window hides it: the endpoint keeps serving, and a first-close notice says so once.
  const noticesBefore = recording.notifications.length;
  window.close();
  window.close();
  report.hideOnClose = {
    destroyed: window.destroyed,
    visible: window.visible,
    hides: window.hides,
    newNotices: recording.notifications.slice(noticesBefore).map((n) => n.options.title ?? n.options),
    quitRequested: recording.quitRequested,
    endpoint: await health(),
  };
  clickTray(tray, 'Open AIKey Wallet');
  report.trayOpen = { visible: window.visible };
  // The Dock icon (macOS; harmless elsewhere) brings back a hidden window too.
  window.close();
  recording.app.emit('activate');
  report.activate = {
    hiddenByClose: window.hides,
    visible: window.visible,
    windows: recording.windows.length,
  };

  // The tray's Lock, after unlocking again.
  const unlocked = await invoke('vault:unlock', APP_PAGE, { password: PASSWORD });
  report.trayLock = { unlocked: unlocked.ok, labelsUnlocked: trayLabels(tray) };
  clickTray(tray, 'Lock');
  await until('the tray lock', () => vaultStates(window).at(-1) === 'locked');
  report.trayLock.status = await invoke('vault:status', APP_PAGE);

  // Quit from the tray, unlocked: the endpoint stops (endpoint.json removed) and the vault locks.
  await invoke('vault:unlock', APP_PAGE, { password: PASSWORD });
  const statesBeforeQuit = vaultStates(window).length;
  const endpointBeforeQuit = await health();
  clickTray(tray, 'Quit AIKey Wallet');
  await until('the quit', () => recording.quitDone);
  report.quit = {
    endpointBefore: endpointBeforeQuit,
    endpointAfter: await health(),
    statesDuringQuit: vaultStates(window).slice(statesBeforeQuit),
    trayDestroyed: tray.destroyed,
    windowDestroyed: window.destroyed,
    quitRequested: recording.quitRequested,
    exitCode: recording.exitCode,
  };
  report.events = [...new Set(sentOf(window).map((s) => s.channel))];
}

/** No tray: closing the window really closes it; then Linux and Windows quit, macOS stays running. */
async function noTray() {
  fireReady();
  await until('the window', () => recording.windows.length > 0);
  const window = recording.windows[0];
  report.trays = recording.trays.length;
  report.endpointAtStart = await health();
  window.close();
  report.afterClose = { destroyed: window.destroyed, notices: recording.notifications.length };
  if (process.platform === 'darwin') {
    report.afterClose.endpoint = await health();
    report.afterClose.quitRequested = recording.quitRequested;
    recording.app.emit('activate');
    report.activate = { windows: recording.windows.length, visibleAfterReady: null };
    recording.windows.at(-1)?.emit('ready-to-show');
    report.activate.visibleAfterReady = recording.windows.at(-1)?.visible ?? false;
    recording.app.quit();
  }
  await until('the quit', () => recording.quitDone);
  report.quit = { endpointAfter: await health(), quitRequested: recording.quitRequested };
}

/** "Start hidden": the window is made but not shown; the tray's Open shows it. */
async function startHidden() {
  process.argv.push('--hidden');
  fireReady();
  await until('the window and tray', () => recording.windows.length > 0 && recording.trays.length > 0);
  const window = recording.windows[0];
  window.emit('ready-to-show');
  report.shownWhenReady = window.visible;
  clickTray(recording.trays[0], 'Open AIKey Wallet');
  report.afterTrayOpen = window.visible;
  recording.app.quit();
  await until('the quit', () => recording.quitDone);
}

/** A packaged build: the login item follows the settings, at start and on every change. */
async function packaged() {
  fireReady();
  await until('the window and tray', () => recording.windows.length > 0 && recording.trays.length > 0);
  report.loginItemsAtStart = [...recording.loginItems];
  report.settingsSet = (await invoke('settings:set', APP_PAGE, { startAtLogin: true, startHidden: true })).ok;
  report.loginItems = [...recording.loginItems];
  report.settingsFromForeign = await invoke('settings:set', FOREIGN_PAGE, { startAtLogin: false });
  report.loginItemsAfterForeign = recording.loginItems.length;
  recording.app.quit();
  await until('the quit', () => recording.quitDone);
}

async function secondInstance() {
  await sleep(50);
  report.calls = recording.calls.map(([api, first]) => (typeof first === 'string' ? `${api} ${first}` : api));
  report.ipcHandlers = recording.ipcHandlers.size;
  report.windows = recording.windows.length;
  report.quitRequested = recording.quitRequested;
}

try {
  if (process.env.AIKEY_STAND_IN_PACKAGED === '1') {
    // A packaged Linux build writes an XDG autostart entry under the real home: never here.
    if (!['darwin', 'win32'].includes(process.env.AIKEY_STAND_IN_PLATFORM ?? '')) {
      throw new Error('glue-driver: play a packaged build as darwin or win32 only');
    }
    process.resourcesPath = join(process.env.AIKEY_STAND_IN_HOME ?? dataDir, 'resources');
  }
  await import(pathToFileURL(mainEntry).href);
  // The platform the glue believes it runs on (clipboard markers, window-all-closed), set once the
  // bundle and its native modules have loaded for the real OS and before ready, when the glue first
  // reads it. Only the glue's own branches follow it; Node itself still runs on the real OS.
  // better-sqlite3 loads its native addon at the first open: load it now, for the real OS.
  const platform = process.env.AIKEY_STAND_IN_PLATFORM;
  if (platform) new (createRequire(mainEntry)('better-sqlite3'))(':memory:').close();
  if (platform) Object.defineProperty(process, 'platform', { value: platform });
  const modes = {
    full,
    'no-tray': noTray,
    'start-hidden': startHidden,
    packaged,
    'second-instance': secondInstance,
  };
  if (!(mode in modes)) throw new Error(`glue-driver: unknown mode ${mode}`);
  await modes[mode]();
} catch (error) {
  report.error = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
}
writeFileSync(reportFile, JSON.stringify(report, null, 2));
// The endpoint is stopped by the quit; anything else left (timers) must not keep the run alive.
process.exit(0);
