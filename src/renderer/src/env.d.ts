// Ambient types for what Vite gives the renderer at build time (CSS imports, import.meta.env).
// Never declare Node or Electron globals here: the renderer is sandboxed and has neither.
/// <reference types="vite/client" />
