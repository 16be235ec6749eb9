// The only bridge between the sandboxed page and the main process. It is built as one CommonJS file
// because sandboxed preloads can require nothing but 'electron'. It exposes window.aikey, built from
// the contract by bridge.ts; it must never expose ipcRenderer or a pass-through for any channel name.
import { contextBridge, ipcRenderer } from 'electron';
import { buildAikeyApi, safeTransport } from './bridge.js';

contextBridge.exposeInMainWorld(
  'aikey',
  buildAikeyApi(
    safeTransport((name, input) => ipcRenderer.invoke(name, input)),
    (event, listener) => {
      // The IpcRendererEvent (it carries `sender`) never reaches the page: only the payload does.
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => void ipcRenderer.removeListener(event, forward);
    },
  ),
);
