// Electron's side of the pushed events: every event the desktop emits goes to the main window's
// webContents on the event's own name, which the preload turns into window.aikey.on.<event>. Glue
// only: the payloads were parsed with the contract's schemas by DesktopEvents. A window that is gone
// or closing simply misses the event; the next window loads afresh.
import type { WebContents } from 'electron';
import type { DesktopEvents } from '#desktop/events.js';

/** Forwards events to whatever window is current; returns a function that stops forwarding. */
export function forwardEvents(events: DesktopEvents, target: () => WebContents | null): () => void {
  return events.subscribe((event, payload) => {
    const contents = target();
    if (contents === null || contents.isDestroyed()) return;
    contents.send(event, payload);
  });
}
