// --replace on env files: every byte but the values stays (comments, order, quoting, spacing, CRLF,
// bytes that are not UTF-8, a missing final newline), the original goes to a 0600 backup, the mode
// is kept, and a value that moved since the scan is left alone and reported.
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceInEnvFile, rewriteEnvText } from '#core/import/env-rewrite.js';
import { applyImport, planImport } from '#core/import/import-plan.js';
import { candidatesFromFile } from '#core/import/import-sources.js';
import { replaceSources } from '#core/import/replace-sources.js';
import { tempDir, unlockedWallet } from '../../helpers/temp-wallet.js';
import { plantedKey } from '../scan/planted-keys.js';

const openai = plantedKey('openai', 'rw');
const anthropic = plantedKey('anthropic', 'rw');
const groq = plantedKey('groq', 'rw');
const REF = {
  openai: 'aikey://personal/openai/default',
  anthropic: 'aikey://personal/anthropic/default',
  groq: 'aikey://personal/groq/default',
};

function envBytes(values: { openai: string; anthropic: string; groq: string }): Buffer {
  return Buffer.concat([
    Buffer.from(`# Project settings\r\n\r\nexport OPENAI_API_KEY = "${values.openai}"   # the main key\r\n`),
    Buffer.from('# caf\xe9 in Latin-1: \xff\xfe are not UTF-8\r\n', 'latin1'),
    Buffer.from(`ANTHROPIC_API_KEY='${values.anthropic}'\nPORT=3000\n  GROQ_API_KEY=${values.groq}`),
  ]);
}

describe('replacing values with references in env files', () => {
  it('changes nothing but the values, byte for byte', () => {
    const before = envBytes({ openai, anthropic, groq }).toString('latin1');
    const { text, replaced, missed } = rewriteEnvText(before, [
      { line: 3, variable: 'OPENAI_API_KEY', secret: openai, reference: REF.openai },
      { line: 5, variable: 'ANTHROPIC_API_KEY', secret: anthropic, reference: REF.anthropic },
      { line: 7, variable: 'GROQ_API_KEY', secret: groq, reference: REF.groq },
    ]);
    expect(Buffer.from(text, 'latin1').equals(envBytes(REF))).toBe(true);
    expect(replaced).toHaveLength(3);
    expect(missed).toEqual([]);
  });

  it('leaves a value alone when it is no longer on its line', () => {
    const { text, missed } = rewriteEnvText(`A=1\nOPENAI_API_KEY=${openai}\n`, [
      { line: 1, variable: 'OPENAI_API_KEY', secret: openai, reference: REF.openai },
      { line: 9, variable: 'GROQ_API_KEY', secret: groq, reference: REF.groq },
    ]);
    expect(text).toBe(`A=1\nOPENAI_API_KEY=${openai}\n`);
    expect(missed.map((m) => m.variable)).toEqual(['OPENAI_API_KEY', 'GROQ_API_KEY']);
  });

  it('keeps the original in a 0600 backup beside the file, and the file its own mode', () => {
    const dir = tempDir('aikey-replace-');
    const file = join(dir, '.env');
    const original = envBytes({ openai, anthropic, groq });
    writeFileSync(file, original);
    chmodSync(file, 0o640);
    const result = replaceInEnvFile(
      file,
      [{ line: 3, variable: 'OPENAI_API_KEY', secret: openai, reference: REF.openai }],
      { backup: true, now: Date.UTC(2026, 0, 2, 3, 4, 5) },
    );
    expect(result.backupPath).toBe(`${file}.aikey-backup-20260102T030405Z`);
    expect(readFileSync(result.backupPath ?? '').equals(original)).toBe(true);
    expect(statSync(result.backupPath ?? '').mode & 0o777).toBe(0o600);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file).equals(envBytes({ openai: REF.openai, anthropic, groq }))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['.env', '.env.aikey-backup-20260102T030405Z']);
  });

  it('writes no backup with --no-backup, and rewrites a symlinked file where it lives', () => {
    const dir = tempDir('aikey-replace-');
    const real = join(dir, 'real.env');
    writeFileSync(real, `OPENAI_API_KEY=${openai}\n`);
    symlinkSync(real, join(dir, '.env'));
    const result = replaceInEnvFile(
      join(dir, '.env'),
      [{ line: 1, variable: 'OPENAI_API_KEY', secret: openai, reference: REF.openai }],
      { backup: false, now: 0 },
    );
    expect(result.backupPath).toBeNull();
    expect(readFileSync(real, 'utf8')).toBe(`OPENAI_API_KEY=${REF.openai}\n`);
    expect(readdirSync(dir).sort()).toEqual(['.env', 'real.env']);
  });

  it('import --replace points each value at its key, lists the rest, and never writes a value', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'anthropic', name: 'mine', secret: anthropic });
    const dir = tempDir('aikey-replace-');
    const file = join(dir, '.env');
    writeFileSync(file, envBytes({ openai, anthropic, groq }));
    const rc = join(dir, '.bashrc');
    writeFileSync(rc, `export GROQ_API_KEY=${groq}\n`);
    const ctx = { home: dir, cwd: dir, env: {} };
    const planned = planImport(wallet.keys, { id: wallet.vault.session().personalHubId, name: 'Personal' }, [
      ...candidatesFromFile(file, ctx),
      ...candidatesFromFile(rc, ctx),
    ]);

    const dryRun = replaceSources(planned, planned.items, { write: false, backup: true, now: 1 });
    expect(readFileSync(file).equals(envBytes({ openai, anthropic, groq }))).toBe(true);
    expect(dryRun.rewritten[0]?.replaced.map((r) => r.reference)).toEqual([
      REF.openai,
      'aikey://personal/anthropic/mine',
      REF.groq,
    ]);

    const items = applyImport(wallet.keys, planned, { type: 'cli', name: 'aikey' });
    const report = replaceSources(planned, items, { write: true, backup: true, now: 1 });
    expect(
      readFileSync(file).equals(envBytes({ ...REF, anthropic: 'aikey://personal/anthropic/mine' })),
    ).toBe(true);
    expect(report.manual).toEqual([
      {
        path: rc,
        line: 1,
        variable: 'GROQ_API_KEY',
        tool: 'bash',
        advice: expect.stringMatching(/Delete the line/) as string,
      },
    ]);
    const printed = JSON.stringify({ items, report });
    for (const value of [openai, anthropic, groq]) expect(printed).not.toContain(value);
    expect(readFileSync(file, 'latin1')).not.toContain(openai);
  });
});
