// Bundles the aikey CLI (src/cli) into out/cli/aikey.mjs (its pure-JS dependencies inside) and the
// team hub (src/hub) into out/hub/aikey-hub.mjs (its dependencies from node_modules).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

/** Native modules: built for one runtime, so never bundled. */
const NATIVE = ['better-sqlite3', '@node-rs/argon2'];
/**
 * Also left outside: zxcvbn-ts, whose dynamic imports expect Node's own ESM/CommonJS interop
 * (bundled, its factory is undefined). Only the vault commands load it.
 */
const EXTERNAL = [...NATIVE, '@zxcvbn-ts/*'];

// Old chunks would otherwise ship beside the new ones (their names carry a content hash).
rmSync('out/cli', { recursive: true, force: true });

// The CLI is split into chunks: the fetch commands load only the entry chunk and the HTTP client,
// while the vault, drizzle and the KDF load only for the admin commands that need them.
await build({
  entryPoints: { aikey: 'src/cli/main.ts' },
  outdir: 'out/cli',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Pure-JS dependencies are bundled: they load as one file each time (no per-file package.json
  // reads), and the fetch commands run from the bundle alone, as the desktop app ships them. Only
  // the native modules (and zxcvbn-ts) stay outside; the vault commands load them from node_modules.
  external: EXTERNAL,
  // Bundled CommonJS packages (commander, cross-spawn) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __aikeyRequire } from 'node:module'; const require = __aikeyRequire(import.meta.url);",
  },
  sourcemap: false,
  logLevel: 'warning',
});

await build({
  entryPoints: ['src/hub/cli.ts'],
  outfile: 'out/hub/aikey-hub.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // The hub server's dependencies (PGlite with its data files, pg, hono) load from node_modules.
  packages: 'external',
  // Bundled CommonJS packages (commander, cross-spawn) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __aikeyRequire } from 'node:module'; const require = __aikeyRequire(import.meta.url);",
  },
  sourcemap: false,
  logLevel: 'warning',
});
