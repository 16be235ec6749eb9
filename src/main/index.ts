// The Electron entry point: thin glue that wires the app lifecycle, the OS keychain and power events
// to createDesktop, which runs (and is tested) in plain Node. Wallet logic never lives here. Only one
// instance may run, so two processes never open the same vault. Closing the window hides it (the
// tray brings it back and the endpoint keeps serving; decisions in src/desktop/background.ts); only
// Quit stops the endpoint and locks the vault before the process exits.
import { join } from 'node:path';
import process from 'node:process';
import {
  app,
  type BrowserWindow,
  Notification,
  powerMonitor,
  safeStorage,
  session,
  type Tray,
} from 'electron';
import { PROVIDER_IDS, PROVIDERS } from '#shared/providers.js';
import { decideWindowClose, FIRST_CLOSE_NOTICE, shouldShowWindowAtStart } from '#desktop/background.js';
import { BackgroundState } from '#desktop/background-state.js';
import { createDesktop, type Desktop, type KeychainBackend } from '#desktop/desktop.js';
import { electronClipboard } from './clipboard.js';
import { chooseImportFile } from './import-dialog.js';
import { forwardEvents } from './ipc/electron-events.js';
import { registerIpcHandlers } from './ipc/electron-ipc.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { createMainWindow } from './window/createMainWindow.js';
import { APP_ORIGIN, externalOrigins } from './window/policy.js';
import { registerAppScheme, serveAppScheme } from './window/protocol.js';
import { guardWebContents, limitPermissions } from './window/security.js';
import { systemNotifier } from './notifications.js';
import { applyLoginItem, createTray } from './tray.js';

/** Links the UI may open in the OS browser: each provider's page for creating keys. */
const EXTERNAL_LINK_ORIGINS = externalOrigins(PROVIDER_IDS.map((id) => PROVIDERS[id].docsUrl));

/**
 * safeStorage wraps strings, so the key crosses as base64. Electron reports its Linux backend only
 * after the app is ready; elsewhere the OS keychain is the platform's own.
 */
const safeStorageKeychain: KeychainBackend = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'native'),
  encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')),
  decrypt: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
};

registerAppScheme();

const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'] || undefined;
let mainWindow: BrowserWindow | null = null;
let desktop: Desktop | null = null;
let closed = false;
/** Set once the user chose Quit: from then on closing the window really closes it. */
let quitting = false;
let tray: Tray | null = null;
const backgroundState = new BackgroundState(defaultDataDir());

function openMainWindow(show = true): void {
  const window = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    devServerUrl,
    showWhenReady: show,
  });
  window.on('close', (event) => {
    const decision = decideWindowClose({
      quitting,
      trayAvailable: tray !== null,
      noticeShown: backgroundState.closeNoticeShown(),
    });
    if (decision.action === 'close') return;
    event.preventDefault();
    window.hide();
    if (decision.notice) {
      if (Notification.isSupported()) new Notification(FIRST_CLOSE_NOTICE).show();
      backgroundState.markCloseNoticeShown();
    }
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  mainWindow = window;
}

/** Brings the window back from the tray (or a second launch), creating it if it was closed. */
function showMainWindow(): void {
  if (mainWindow === null) {
    openMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function startDesktop(): Promise<void> {
  desktop = createDesktop({
    dataDir: defaultDataDir(),
    keychain: safeStorageKeychain,
    clipboard: electronClipboard,
    chooseImportFile: chooseImportFile(() => mainWindow),
    notify: systemNotifier((screen) => {
      showMainWindow();
      desktop?.navigate(screen);
    }),
    allowedOrigins: devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN],
    cliCommand: {
      platform: process.platform,
      homeDir: app.getPath('home'),
      pathEnv: process.env.PATH ?? '',
      localAppData: process.env.LOCALAPPDATA,
      // electron-builder.yml copies the CLI to resources/cli; in development the clone's own.
      launcher: app.isPackaged
        ? join(process.resourcesPath, 'cli', 'bin', 'aikey.mjs')
        : join(app.getAppPath(), 'bin', 'aikey.mjs'),
    },
  });
  registerIpcHandlers(desktop.router);
  forwardEvents(desktop.events, () => mainWindow?.webContents ?? null);
  const suspended = (): void => desktop?.systemSuspended();
  powerMonitor.on('suspend', suspended);
  powerMonitor.on('lock-screen', suspended);
  await desktop.start();
  tray = createTray(desktop, { open: showMainWindow, quit: () => app.quit() });
  applyLoginItem(desktop.services.settings.get());
  desktop.onSettingsChange(applyLoginItem);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showMainWindow);

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, EXTERNAL_LINK_ORIGINS);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // macOS: clicking the Dock icon brings back a window that closing only hid.
  app.on('activate', () => {
    if (app.isReady() && desktop !== null) showMainWindow();
  });

  // Hold the quit until the endpoint has stopped (endpoint.json removed) and the vault is locked.
  app.on('before-quit', (event) => {
    quitting = true;
    if (closed || desktop === null) return;
    event.preventDefault();
    const closing = desktop;
    desktop = null;
    closing
      .close()
      .catch((error: unknown) => {
        console.error('aikey: the wallet did not close cleanly', error instanceof Error ? error.name : '');
      })
      .finally(() => {
        closed = true;
        tray?.destroy();
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      limitPermissions(session.defaultSession);
      serveAppScheme(join(import.meta.dirname, '../renderer'));
      await startDesktop();
      const startHidden =
        desktop?.services.settings.get().startHidden === true || process.argv.includes('--hidden');
      openMainWindow(shouldShowWindowAtStart({ startHidden, trayAvailable: tray !== null }));
    })
    .catch((error: unknown) => {
      console.error('aikey: the desktop app failed to start', error);
      app.exit(1);
    });
}
