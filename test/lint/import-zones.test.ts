// The import directions in STYLE.md are enforced by eslint.config.mjs, not by memory; this checks the
// rules really fire. Each case lints a one-line module placed (virtually) in a zone with the project's
// own config. The probe files do not exist, so the project service cannot type them: type-aware rules
// are switched off for the probe, which leaves the import rules exactly as configured.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function ruleIdsFor(filePath: string, specifier: string): Promise<(string | null)[]> {
  const code = `import * as imported from '${specifier}';\nexport { imported };\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return result?.messages.map((message) => message.ruleId) ?? ['no result'];
}

describe('lint keeps each zone to its imports', () => {
  it.each([
    ['src/core/probe.ts', 'electron'],
    ['src/core/probe.ts', '#desktop/desktop.js'],
    ['src/core/probe.ts', 'fs'],
    ['src/shared/probe.ts', 'node:path'],
    ['src/renderer/src/probe.ts', 'node:fs'],
    ['src/renderer/src/probe.tsx', '#core/wallet.js'],
    ['src/preload/probe.ts', '#core/wallet.js'],
    ['src/hub/probe.ts', '#core/wallet.js'],
    ['src/cli/probe.ts', '#desktop/desktop.js'],
    ['src/desktop/probe.ts', 'electron'],
  ])('%s may not import %s', async (filePath, specifier) => {
    expect(await ruleIdsFor(filePath, specifier)).toEqual(['no-restricted-imports']);
  });

  it.each([
    ['src/core/keys/probe.ts', '../../shared/errors.js'],
    ['src/desktop/probe.ts', '../core/wallet.js'],
    ['test/core/probe.ts', '../../src/core/wallet.js'],
  ])('%s may not reach %s by a relative path', async (filePath, specifier) => {
    expect(await ruleIdsFor(filePath, specifier)).toEqual(['aikey/no-cross-folder-relative']);
  });

  it.each([
    ['src/core/probe.ts', '#shared/errors.js'],
    ['src/core/keys/probe.ts', '../db/open.js'],
    ['src/desktop/probe.ts', '#core/wallet.js'],
    ['src/main/probe.ts', 'electron'],
    ['src/main/probe.ts', '#desktop/desktop.js'],
    ['src/preload/probe.ts', 'electron'],
    ['src/cli/probe.ts', '#core/wallet.js'],
    ['src/renderer/src/probe.tsx', '#shared/errors.js'],
  ])('%s may import %s', async (filePath, specifier) => {
    expect(await ruleIdsFor(filePath, specifier)).toEqual([]);
  });
});
