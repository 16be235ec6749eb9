// The e2e stand-in for src/preload/index.ts: the same buildAikeyApi and safeTransport, but the
// transport is a same-origin fetch to the harness's `/__ipc/<channel>` instead of ipcRenderer.invoke,
// and events arrive over one long `POST /__events` stream instead of ipcRenderer.on.
// Bundled by esbuild into one IIFE and injected with page.addInitScript before any page script runs,
// so the renderer sees a frozen window.aikey exactly as under Electron. It must never expose fetch,
// the transport or a generic invoke(channel) to the page.
import { buildAikeyApi, safeTransport } from '#preload/bridge.js';
import type { IpcEventTransport } from '#shared/ipc/api.js';

// Captured before the page runs, so a page script replacing fetch cannot intercept wallet calls.
const loopbackFetch = fetch.bind(globalThis);

const listeners = new Map<string, Set<(payload: unknown) => void>>();
let streaming = false;

/** Reads the event stream line by line; reopens it once a second later if the harness drops it. */
async function openEventStream(): Promise<void> {
  streaming = true;
  try {
    const response = await loopbackFetch('/__events', { method: 'POST' });
    if (!response.ok || response.body === null) throw new Error(`The harness answered ${response.status}.`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        const { event, payload } = JSON.parse(line) as { event: string; payload?: unknown };
        for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
      }
    }
  } catch {
    // The harness is going away with the test; the retry below covers a passing hiccup.
  }
  streaming = false;
  setTimeout(() => {
    if (!streaming) void openEventStream();
  }, 1_000);
}

const events: IpcEventTransport = (event, listener) => {
  if (!streaming) void openEventStream();
  const set = listeners.get(event) ?? new Set();
  listeners.set(event, set);
  set.add(listener);
  return () => void set.delete(listener);
};

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
  events,
);

Object.defineProperty(globalThis, 'aikey', {
  value: api,
  enumerable: true,
  writable: false,
  configurable: false,
});
