// Electron's side of the background behaviour: the tray icon and its menu, rebuilt from
// src/desktop/background.ts whenever the vault locks or unlocks or the endpoint changes state, and
// the login item. Glue only: what the menu says and when the window hides are decided in plain Node.
import { join } from 'node:path';
import process from 'node:process';
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { loginItemSettings, trayMenu, trayTooltip, type TrayItemId } from '#desktop/background.js';
import type { Desktop } from '#desktop/desktop.js';
import { applyLinuxAutostart } from '#desktop/linux-autostart.js';
import type { Settings } from '#shared/schemas/settings.js';

export interface TrayActions {
  open: () => void;
  quit: () => void;
}

/** Creates the tray icon, or returns null where the desktop has none (closing then quits). */
export function createTray(desktop: Desktop, actions: TrayActions): Tray | null {
  let tray: Tray;
  try {
    const iconPath = app.isPackaged
      ? join(process.resourcesPath, 'tray-icon.png')
      : join(import.meta.dirname, '../../build/icon.png');
    const icon = nativeImage.createFromPath(iconPath);
    tray = new Tray(icon.resize({ width: 16, height: 16 }));
  } catch {
    return null;
  }
  const run: Record<TrayItemId, () => void> = {
    open: actions.open,
    lock: () => desktop.wallet.vault.lock(),
    endpoint: () => undefined,
    quit: actions.quit,
  };
  const render = (): void => {
    const state = {
      vaultUnlocked: desktop.wallet.vault.isUnlocked(),
      endpoint: desktop.services.endpoint.status(),
    };
    const template: MenuItemConstructorOptions[] = trayMenu(state).map((item) =>
      item.kind === 'separator'
        ? { type: 'separator' }
        : { label: item.label, enabled: item.enabled, click: () => run[item.id]() },
    );
    tray.setContextMenu(Menu.buildFromTemplate(template));
    tray.setToolTip(trayTooltip(state));
  };
  render();
  tray.on('click', actions.open);
  desktop.events.subscribe((event) => {
    if (event === 'vault:state' || event === 'endpoint:state') render();
  });
  return tray;
}

/** Makes the OS start the app at login as the settings say (packaged builds only). */
export function applyLoginItem(settings: Settings): void {
  if (!app.isPackaged) return;
  if (process.platform === 'linux') {
    applyLinuxAutostart(settings.startAtLogin, {
      executable: process.execPath,
      startHidden: settings.startHidden,
    });
    return;
  }
  app.setLoginItemSettings(loginItemSettings(settings));
}
