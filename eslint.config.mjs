// Lint is where the three trust zones are enforced: the renderer may import only src/shared, and
// src/shared stays pure (no electron, no node:*), so a careless import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url'];
const nodePrefix = {
  regex:
    '^(fs|path|os|crypto|child_process|http|https|net|url|util|stream|events|buffer|zlib|tls|dns|readline|process|worker_threads)(/.*)?$',
  message: 'Import Node built-ins with the node: prefix.',
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
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [nodePrefix],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'src/shared is pure: no electron.' },
            { group: nodeBuiltins, message: 'src/shared is pure: no Node built-ins.' },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**', '**/hub/**'],
              message: 'src/shared imports nothing outside itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'The renderer is sandboxed: reach main only through window.aikey.',
            },
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            {
              group: ['**/main/**', '**/preload/**', '**/cli/**', '**/hub/**'],
              message: 'The renderer imports only src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts', 'src/hub/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/window/**', 'src/main/ipc/electron*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodePrefix,
            {
              group: ['electron', 'electron/*'],
              message: 'Only the Electron glue imports electron; pass the capability in instead.',
            },
            { group: ['**/renderer/**'], message: 'Main never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
