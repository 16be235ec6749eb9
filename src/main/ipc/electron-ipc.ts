// Electron's side of the IPC bridge: one ipcMain.handle per contract channel, each forwarding to the
// router with the sender frame's origin. Glue only: the origin check, parsing and services live in
// the router, which runs in plain Node. A call from a subframe or a frame that has already gone
// counts as having no origin, so the router refuses it.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcRouter } from '#desktop/ipc/router.js';

function senderOrigin(event: IpcMainInvokeEvent): string | null {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return null;
  return frame.origin;
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpcHandlers(router: IpcRouter): () => void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event, input: unknown) => router.invoke(channel, senderOrigin(event), input));
  }
  return () => {
    for (const channel of router.channels) ipcMain.removeHandler(channel);
  };
}
