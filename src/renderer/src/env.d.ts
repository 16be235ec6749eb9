// Ambient types for what Vite gives the renderer at build time (CSS imports, import.meta.env) and
// the window.aikey bridge. Never declare Node or Electron globals here: the renderer has neither.
/// <reference types="vite/client" />
import type { AikeyApi } from '#shared/ipc/api.js';

declare global {
  interface Window {
    /** The closed bridge the preload (or the e2e harness) builds from the IPC contract. */
    readonly aikey: AikeyApi;
  }
}
