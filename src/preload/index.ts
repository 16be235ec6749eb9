// The only bridge between the sandboxed page and the main process. It is built as one CommonJS file
// because sandboxed preloads can require nothing but 'electron'. It must never expose ipcRenderer or
// a generic invoke(channel): the typed contract bridge arrives with the IPC contract.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('aikey', Object.freeze({ ready: true }));
