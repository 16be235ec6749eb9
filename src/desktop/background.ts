// How the app lives in the background, as pure decisions the Electron glue carries out (src/main/
// tray.ts): closing the window hides it while the loopback endpoint keeps serving every CLI (the
// first time, a notice says so), the tray menu shows what is running, "Start at login" and "Start
// hidden" decide how the app comes up, and only an explicit Quit stops the endpoint and locks. Where
// the desktop has no tray to come back through, closing quits rather than leaving an app nobody can
// reach. No Electron here, no effects: every function returns what to do.
import type { EndpointStatus } from '#shared/schemas/endpoint.js';

export interface CloseContext {
  /** The user chose Quit (tray, menu, Cmd+Q) or the OS is shutting down. */
  quitting: boolean;
  /** A tray icon exists to bring the window back. */
  trayAvailable: boolean;
  /** The first-close notice was shown before (kept across runs). */
  noticeShown: boolean;
}

export type CloseDecision =
  /** Let the window close; the app quits (the glue's before-quit stops the endpoint and locks). */
  | { action: 'close' }
  /** Keep running: hide the window; show the one-time notice when `notice` is true. */
  | { action: 'hide'; notice: boolean };

export function decideWindowClose(context: CloseContext): CloseDecision {
  if (context.quitting || !context.trayAvailable) return { action: 'close' };
  return { action: 'hide', notice: !context.noticeShown };
}

/** What the first-close notice says: the endpoint keeps serving, and where the app went. */
export const FIRST_CLOSE_NOTICE = {
  title: 'AIKey Wallet is still running',
  body: 'The window is closed, but the wallet keeps serving your command-line tools. Open it or quit from the tray icon.',
} as const;

export interface StartupContext {
  startHidden: boolean;
  trayAvailable: boolean;
  /** A second launch asked for the window (second-instance) or the OS asked to reopen (macOS). */
  userAsked?: boolean;
}

/** Whether to show the window once it is ready. Hidden only when the tray can bring it back. */
export function shouldShowWindowAtStart(context: StartupContext): boolean {
  if (context.userAsked === true) return true;
  return !(context.startHidden && context.trayAvailable);
}

/**
 * Electron's login item (macOS and Windows): opening at login passes `--hidden` when the user wants
 * the app to start in the tray. Linux has no login item API; linux-autostart.ts writes the XDG
 * autostart entry instead.
 */
export function loginItemSettings(settings: { startAtLogin: boolean; startHidden: boolean }): {
  openAtLogin: boolean;
  args: string[];
} {
  return { openAtLogin: settings.startAtLogin, args: settings.startHidden ? ['--hidden'] : [] };
}

export type TrayItemId = 'open' | 'lock' | 'endpoint' | 'quit';

export type TrayMenuItem =
  { kind: 'item'; id: TrayItemId; label: string; enabled: boolean } | { kind: 'separator' };

export interface TrayState {
  vaultUnlocked: boolean;
  endpoint: EndpointStatus;
}

/** A line a person reads: where the endpoint listens, that it is off, or why it failed. */
export function endpointLine(endpoint: EndpointStatus): string {
  if (endpoint.running && endpoint.port !== null) return `Endpoint: serving on 127.0.0.1:${endpoint.port}`;
  if (endpoint.error !== null) return 'Endpoint: could not start (see Settings)';
  return endpoint.enabled ? 'Endpoint: starting…' : 'Endpoint: off';
}

/** The tray's menu: Open, Lock (only while unlocked), the endpoint's state (not clickable), Quit. */
export function trayMenu(state: TrayState): TrayMenuItem[] {
  return [
    { kind: 'item', id: 'open', label: 'Open AIKey Wallet', enabled: true },
    { kind: 'item', id: 'lock', label: 'Lock', enabled: state.vaultUnlocked },
    { kind: 'separator' },
    { kind: 'item', id: 'endpoint', label: endpointLine(state.endpoint), enabled: false },
    { kind: 'separator' },
    { kind: 'item', id: 'quit', label: 'Quit AIKey Wallet', enabled: true },
  ];
}

/** The tray icon's tooltip: locked or not, and whether tools can reach the wallet. */
export function trayTooltip(state: TrayState): string {
  const lock = state.vaultUnlocked ? 'unlocked' : 'locked';
  return `AIKey Wallet (${lock}) — ${endpointLine(state.endpoint)}`;
}
