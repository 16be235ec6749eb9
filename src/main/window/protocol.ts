// Registers and serves the app:// scheme the window loads its pages from, instead of file://, so the
// page has a real origin, a CSP header and no reach into the filesystem. Glue only: every decision
// lives in policy.ts and appAssetHandler.ts. Never serve anything but the built renderer folder.
import { protocol } from 'electron';
import { createAppAssetHandler } from './appAssetHandler.js';
import { APP_SCHEME } from './policy.js';

/** Must run before the app is ready; Electron ignores scheme privileges registered later. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createAppAssetHandler(rendererRoot));
}
