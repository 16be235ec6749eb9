// The Electron entry point: thin glue that wires the app lifecycle to the window modules. Wallet logic
// never lives here; it runs in plain Node modules that are tested without Electron. Only one instance
// may run, so two processes never open the same vault.
import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { PROVIDER_IDS, PROVIDERS } from '../shared/providers.js';
import { createMainWindow } from './window/createMainWindow.js';
import { externalOrigins } from './window/policy.js';
import { registerAppScheme, serveAppScheme } from './window/protocol.js';
import { denyAllPermissions, guardWebContents } from './window/security.js';

/** Links the UI may open in the OS browser: each provider's page for creating keys. */
const EXTERNAL_LINK_ORIGINS = externalOrigins(PROVIDER_IDS.map((id) => PROVIDERS[id].docsUrl));

registerAppScheme();

let mainWindow: BrowserWindow | null = null;

function openMainWindow(): void {
  mainWindow = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
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

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(session.defaultSession);
      serveAppScheme(join(import.meta.dirname, '../renderer'));
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error('aikey: the desktop app failed to start', error);
      app.exit(1);
    });
}
