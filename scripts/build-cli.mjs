// Bundles the aikey CLI (src/cli) into out/cli/aikey.mjs and the team hub (src/hub) into
// out/hub/aikey-hub.mjs. Dependencies stay external: they load from
// node_modules, including the native sqlite and argon2 modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'out/cli/aikey.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
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
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
});
