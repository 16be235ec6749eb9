// Lint is where the code's zones are enforced: the folder says where code runs and what it may
// import (src/core/README.md has the map). A wrong direction, a relative import that climbs out of
// its top folder, or electron outside src/main and src/preload fails `npm test`.
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url'];
const nodePrefix = {
  regex:
    '^(fs|path|os|crypto|child_process|http|https|net|url|util|stream|events|buffer|zlib|tls|dns|readline|process|worker_threads)(/.*)?$',
  message: 'Import Node built-ins with the node: prefix.',
};
const aliases = ['shared', 'core', 'desktop', 'main', 'cli', 'hub', 'preload', 'test', 'bench'];

// Each src zone: which other zones it may import (by alias), and whether it may touch Node or electron.
const zones = {
  shared: { may: [], node: false, electron: false, why: 'src/shared is pure TypeScript' },
  core: { may: ['shared'], node: true, electron: false, why: 'src/core is the plain-Node wallet' },
  desktop: { may: ['shared', 'core'], node: true, electron: false, why: 'src/desktop is plain Node' },
  main: {
    may: ['shared', 'core', 'desktop'],
    node: true,
    electron: true,
    why: 'src/main is the Electron glue',
  },
  cli: { may: ['shared', 'core'], node: true, electron: false, why: 'the CLI runs without Electron' },
  hub: { may: ['shared'], node: true, electron: false, why: 'the hub server knows only the protocol' },
  preload: { may: ['shared'], node: false, electron: true, why: 'the sandboxed preload' },
  renderer: { may: ['shared'], node: false, electron: false, why: 'the sandboxed renderer' },
};

function zoneConfig(name, zone) {
  const forbidden = aliases.filter((alias) => alias !== name && !zone.may.includes(alias));
  const patterns = [nodePrefix];
  if (forbidden.length > 0) {
    patterns.push({
      regex: `^#(${forbidden.join('|')})/`,
      message: `${zone.why}: it may import ${zone.may.map((z) => `#${z}`).join(', ') || 'nothing outside itself'}.`,
    });
  }
  if (!zone.electron) {
    patterns.push({
      group: ['electron', 'electron/*'],
      message: `${zone.why}: no electron. Pass the capability in (src/main owns the glue).`,
    });
  }
  if (!zone.node) patterns.push({ group: nodeBuiltins, message: `${zone.why}: no Node built-ins.` });
  return {
    files: [`src/${name}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

/** The top folder a path belongs to: src/<zone> inside src, else its first segment (test, bench…). */
function topFolder(path) {
  const parts = relative(import.meta.dirname, path).split(sep);
  return parts[0] === 'src' ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
}

// Relative imports stay inside their own top folder; anything across one goes through an alias.
const noCrossFolderRelative = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { cross: "'{{spec}}' leaves {{from}}: use an alias (#core/…)." },
  },
  create(context) {
    const from = topFolder(context.filename);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      if (topFolder(resolve(dirname(context.filename), spec)) !== from) {
        context.report({ node: node.source, messageId: 'cross', data: { spec, from } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'drizzle/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'bin/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { aikey: { rules: { 'no-cross-folder-relative': noCrossFolderRelative } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'aikey/no-cross-folder-relative': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodePrefix,
            { group: ['electron', 'electron/*'], message: 'Only src/main and src/preload import electron.' },
          ],
        },
      ],
    },
  },
  ...Object.entries(zones).map(([name, zone]) => zoneConfig(name, zone)),
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
