// Builds the three trust zones separately: main as ESM with its dependencies left in node_modules,
// the preload as ONE CommonJS file with everything but 'electron' bundled in (a sandboxed preload
// can require nothing else), and the React renderer. Never add a second preload output or chunk.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      // The renderer is parsed on every window open: minified, the keys page paints sooner.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
    // The dev server's inline Fast Refresh preamble is injected ahead of the page's CSP meta tag,
    // which governs only what follows it, so the strict policy needs no dev-time relaxation.
    plugins: [react()],
  },
});
