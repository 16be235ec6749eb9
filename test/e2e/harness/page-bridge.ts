// The e2e stand-in for src/preload/index.ts: the same buildAikeyApi and safeTransport, but the
// transport is a same-origin fetch to the harness's `/__ipc/<channel>` instead of ipcRenderer.invoke.
// Bundled by esbuild into one IIFE and injected with page.addInitScript before any page script runs,
// so the renderer sees a frozen window.aikey exactly as under Electron. It must never expose fetch,
// the transport or a generic invoke(channel) to the page.
import { buildAikeyApi, safeTransport } from '#preload/bridge.js';

// Captured before the page runs, so a page script replacing fetch cannot intercept wallet calls.
const loopbackFetch = fetch.bind(globalThis);

const api = buildAikeyApi(
  safeTransport(async (channel, input) => {
    const response = await loopbackFetch(`/__ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input }),
    });
    if (!response.ok) throw new Error(`The harness answered ${response.status}.`);
    return response.json();
  }),
);

Object.defineProperty(globalThis, 'aikey', {
  value: api,
  enumerable: true,
  writable: false,
  configurable: false,
});
