// The Electron entry point: thin glue that wires the app lifecycle, the OS keychain and power events
// to createDesktop, which runs (and is tested) in plain Node. Wallet logic never lives here. Only one
// instance may run, so two processes never open the same vault; quitting stops the endpoint and
// locks the vault before the process exits.
import { join } from 'node:path';
import { app, BrowserWindow, powerMonitor, safeStorage, session } from 'electron';
import { PROVIDER_IDS, PROVIDERS } from '#shared/providers.js';
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

function openMainWindow(): void {
  mainWindow = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    devServerUrl,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function startDesktop(): Promise<void> {
  desktop = createDesktop({
    dataDir: defaultDataDir(),
    keychain: safeStorageKeychain,
    clipboard: electronClipboard,
    chooseImportFile: chooseImportFile(() => mainWindow),
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
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, EXTERNAL_LINK_ORIGINS);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  // Hold the quit until the endpoint has stopped (endpoint.json removed) and the vault is locked.
  app.on('before-quit', (event) => {
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
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      limitPermissions(session.defaultSession);
      serveAppScheme(join(import.meta.dirname, '../renderer'));
      await startDesktop();
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error('aikey: the desktop app failed to start', error);
      app.exit(1);
    });
}
