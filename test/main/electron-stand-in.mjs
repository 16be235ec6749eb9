// A RECORDING STAND-IN for the `electron` module, NOT Electron. The glue test (glue.test.ts) maps the
// specifier `electron` to this file with a Node loader hook (electron-loader.mjs) and runs the real
// built main process (out/main/index.js) in plain Node, so every call the glue makes is recorded and
// the test can fire the events Electron would fire (ready, close, quit, suspend, tray clicks, IPC).
//
// What it can prove: which Electron APIs the glue calls, with which arguments and in which order
// (scheme registered before ready, window webPreferences, one ipcMain.handle per channel, permission
// and navigation handlers, tray menu, notifications, clipboard formats, powerMonitor hooks, quit
// ordering), and that the real desktop composition behind the glue (vault, endpoint, router) does
// what the glue asks of it.
//
// What it CANNOT prove: real Chromium rendering or the preload running in a sandboxed renderer,
// Electron's real IPC serialization and senderFrame values, the real OS clipboard (whether the
// concealment markers are honoured by clipboard managers), a real tray icon or system notification,
// safeStorage/keychain, Electron fuses, BoringSSL, code signing and packaging. Its event model
// (app.quit emits before-quit, then closes each window, then will-quit and quit; closing the last
// window emits window-all-closed) follows Electron's documentation, not its runtime. The Playwright
// `_electron` test (test/e2e/electron.spec.ts) covers the runtime on machines that have it.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import process from 'node:process';

/** Everything the glue did, in order, plus handles for the driver to fire events. */
export const recording = {
  /** [api, ...args] in call order; arguments that are functions are recorded by type only. */
  calls: [],
  ready: false,
  quitRequested: 0,
  quitDone: false,
  exitCode: null,
  appHandlers: new Map(),
  ipcHandlers: new Map(),
  ipcHandleCount: new Map(),
  schemes: { privileged: [], privilegedBeforeReady: null, handlers: new Map() },
  permission: { request: null, check: null },
  windows: [],
  trays: [],
  notifications: [],
  clipboardWrites: [],
  clipboardCleared: 0,
  powerHandlers: new Map(),
  openedExternally: [],
  loginItems: [],
};

const describe = (value) => (typeof value === 'function' ? '[function]' : value);
const record = (api, ...args) => recording.calls.push([api, ...args.map(describe)]);

let resolveReady = () => undefined;
const readyPromise = new Promise((resolve) => {
  resolveReady = resolve;
});

class AppStandIn extends EventEmitter {
  /** AIKEY_STAND_IN_PACKAGED=1 plays a packaged build (the driver sets process.resourcesPath). */
  isPackaged = process.env.AIKEY_STAND_IN_PACKAGED === '1';

  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return process.env.AIKEY_STAND_IN_SECOND_INSTANCE !== '1';
  }

  on(event, listener) {
    record('app.on', event);
    const list = recording.appHandlers.get(event) ?? [];
    list.push(listener);
    recording.appHandlers.set(event, list);
    return super.on(event, listener);
  }

  whenReady() {
    record('app.whenReady');
    return readyPromise;
  }

  isReady() {
    return recording.ready;
  }

  /** Electron's documented order: before-quit (preventable), each window's close, will-quit, quit. */
  quit() {
    record('app.quit');
    recording.quitRequested += 1;
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of [...recording.windows]) {
      if (window.destroyed) continue;
      window.close();
      if (!window.destroyed) return;
    }
    this.emit('will-quit', preventable());
    this.emit('quit', preventable(), 0);
    recording.quitDone = true;
  }

  exit(code = 0) {
    record('app.exit', code);
    recording.exitCode = code;
  }

  getPath(name) {
    record('app.getPath', name);
    const home = process.env.AIKEY_STAND_IN_HOME;
    if (!home) throw new Error('electron stand-in: AIKEY_STAND_IN_HOME is not set');
    return name === 'home' ? home : join(home, name);
  }

  getAppPath() {
    return process.cwd();
  }

  setLoginItemSettings(settings) {
    record('app.setLoginItemSettings', settings);
    recording.loginItems.push(settings);
  }
}

function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export const app = new AppStandIn();
recording.app = app;

/** The driver's "Electron is ready" (the real app fires this once its runtime has started). */
export function fireReady() {
  recording.ready = true;
  app.emit('ready');
  resolveReady();
}

class WebContentsStandIn extends EventEmitter {
  sent = [];
  windowOpenHandler = null;
  destroyed = false;
  loadedUrl = null;

  send(channel, payload) {
    record('webContents.send', channel);
    this.sent.push({ channel, payload });
  }

  isDestroyed() {
    return this.destroyed;
  }

  setWindowOpenHandler(handler) {
    record('webContents.setWindowOpenHandler', handler);
    this.windowOpenHandler = handler;
  }

  on(event, listener) {
    record('webContents.on', event);
    return super.on(event, listener);
  }
}

export class BrowserWindow extends EventEmitter {
  visible = false;
  destroyed = false;
  minimized = false;
  shows = 0;
  hides = 0;

  constructor(options) {
    super();
    record('new BrowserWindow', options);
    this.options = options;
    this.webContents = new WebContentsStandIn();
    recording.windows.push(this);
    app.emit('web-contents-created', preventable(), this.webContents);
  }

  loadURL(url) {
    record('BrowserWindow.loadURL', url);
    this.webContents.loadedUrl = url;
    return Promise.resolve();
  }

  show() {
    this.shows += 1;
    this.visible = true;
  }

  hide() {
    this.hides += 1;
    this.visible = false;
  }

  focus() {}

  isMinimized() {
    return this.minimized;
  }

  restore() {
    this.minimized = false;
  }

  isVisible() {
    return this.visible;
  }

  /** The user (or app.quit) closing the window: 'close' may be prevented; otherwise it is gone. */
  close() {
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (recording.windows.every((w) => w.destroyed) && recording.quitRequested === 0) {
      app.emit('window-all-closed');
    }
  }
}

export class ClipboardItem {
  constructor(entries) {
    this.entries = entries;
  }
}

let clipboardText = '';
export const clipboard = {
  write(items) {
    const formats = items.flatMap((item) => Object.keys(item.entries));
    record('clipboard.write', formats);
    recording.clipboardWrites.push(items.map((item) => item.entries));
    const text = items.map((item) => item.entries['text/plain']).find((t) => typeof t === 'string');
    clipboardText = text ?? '';
    return Promise.resolve();
  },
  readText() {
    return clipboardText;
  },
  clear() {
    record('clipboard.clear');
    recording.clipboardCleared += 1;
    clipboardText = '';
  },
};

export const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
};

export const nativeImage = {
  createFromPath(path) {
    record('nativeImage.createFromPath', path);
    const image = { path, resize: () => image };
    return image;
  },
};

export class Tray extends EventEmitter {
  menus = [];
  tooltips = [];
  destroyed = false;

  constructor(image) {
    super();
    record('new Tray', image.path);
    // A desktop without a tray area (some Linux sessions): Electron throws, and the glue must cope.
    if (process.env.AIKEY_STAND_IN_NO_TRAY === '1')
      throw new Error('electron stand-in: no tray on this desktop');
    recording.trays.push(this);
  }

  setContextMenu(menu) {
    this.menus.push(menu.template);
  }

  setToolTip(text) {
    this.tooltips.push(text);
  }

  destroy() {
    record('Tray.destroy');
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }

  shown = false;

  constructor(options) {
    super();
    record('new Notification', options);
    this.options = options;
    recording.notifications.push(this);
  }

  show() {
    this.shown = true;
  }
}

export const nativeTheme = { shouldUseDarkColors: false };

export const powerMonitor = {
  on(event, listener) {
    record('powerMonitor.on', event);
    const list = recording.powerHandlers.get(event) ?? [];
    list.push(listener);
    recording.powerHandlers.set(event, list);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', schemes);
    recording.schemes.privileged.push(...schemes);
    recording.schemes.privilegedBeforeReady = !recording.ready;
  },
  handle(scheme, handler) {
    record('protocol.handle', scheme);
    recording.schemes.handlers.set(scheme, handler);
  },
};

/** No OS keychain here: the wallet must fall back to the password, as on a Linux desktop without one. */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString() {
    throw new Error('electron stand-in: safeStorage is not available');
  },
  decryptString() {
    throw new Error('electron stand-in: safeStorage is not available');
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      record('session.setPermissionRequestHandler', handler);
      recording.permission.request = handler;
    },
    setPermissionCheckHandler(handler) {
      record('session.setPermissionCheckHandler', handler);
      recording.permission.check = handler;
    },
  },
};

export const shell = {
  openExternal(url) {
    record('shell.openExternal', url);
    recording.openedExternally.push(url);
    return Promise.resolve();
  },
};

/**
 * The open dialog (the Import screen's "Choose a file…"): records the call and answers as a user
 * who closed it would. It cannot prove the OS dialog appears or what it returns.
 */
export const dialog = {
  showOpenDialog(...args) {
    record('dialog.showOpenDialog', ...args.filter((a) => !(a instanceof BrowserWindow)));
    return Promise.resolve({ canceled: true, filePaths: [] });
  },
};

export const ipcMain = {
  handle(channel, handler) {
    record('ipcMain.handle', channel);
    recording.ipcHandlers.set(channel, handler);
    recording.ipcHandleCount.set(channel, (recording.ipcHandleCount.get(channel) ?? 0) + 1);
  },
  removeHandler(channel) {
    record('ipcMain.removeHandler', channel);
    recording.ipcHandlers.delete(channel);
  },
};

export default {
  app,
  BrowserWindow,
  ClipboardItem,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
};
