// Creates the one wallet window with Electron's hardened defaults spelled out, so a later change that
// weakens one (sandbox, context isolation, node integration, web security, webviews) shows in review.
// Never load a page from anywhere but app:// or, in development only, the electron-vite dev server.
import { BrowserWindow, nativeTheme } from 'electron';
import { APP_ENTRY_URL } from './policy.js';

/** Match the renderer's light and dark backgrounds so the window does not flash before paint. */
const BACKGROUND = { light: '#f6f7f9', dark: '#15171c' } as const;

export interface MainWindowOptions {
  preloadPath: string;
  /** The electron-vite dev server; the caller passes it only when the app is not packaged. */
  devServerUrl: string | undefined;
  /** False when the app starts in the tray ("Start hidden"); the window stays hidden until opened. */
  showWhenReady?: boolean;
}

export function createMainWindow({
  preloadPath,
  devServerUrl,
  showWhenReady = true,
}: MainWindowOptions): BrowserWindow {
  const mainWindow = new BrowserWindow({
    title: 'AIKey Wallet',
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Keys are typed into text fields; keep them away from spellcheck services and dictionaries.
      spellcheck: false,
    },
  });

  mainWindow.once('ready-to-show', () => {
    if (showWhenReady) mainWindow.show();
  });
  mainWindow.loadURL(devServerUrl ?? APP_ENTRY_URL).catch((error: unknown) => {
    console.error('aikey: the wallet window could not load its page', error);
  });
  return mainWindow;
}
