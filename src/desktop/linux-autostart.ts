// "Start at login" on Linux, where Electron has no login item API: the XDG autostart entry
// ($XDG_CONFIG_HOME/autostart/aikey-wallet.desktop) that desktop sessions run at login. Written or
// removed to match the setting; the Exec line quotes the executable path so spaces survive.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import process from 'node:process';
import { join } from 'node:path';

export interface AutostartOptions {
  /** The app's executable (process.execPath in the packaged app). */
  executable: string;
  startHidden: boolean;
  /** Defaults to $XDG_CONFIG_HOME or ~/.config. */
  configHome?: string;
}

export function autostartFile(configHome?: string): string {
  const base = configHome ?? process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config');
  return join(base, 'autostart', 'aikey-wallet.desktop');
}

/** The .desktop entry's text; the executable path is quoted per the Desktop Entry spec. */
export function autostartEntry(executable: string, startHidden: boolean): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=AIKey Wallet',
    `Exec=${quoted}${startHidden ? ' --hidden' : ''}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/** Makes the autostart entry match `enabled`. */
export function applyLinuxAutostart(enabled: boolean, options: AutostartOptions): void {
  const file = autostartFile(options.configHome);
  if (!enabled) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, autostartEntry(options.executable, options.startHidden), { mode: 0o644 });
}
