// `aikey inject` as users run it: a template with aikey:// references in any text format, written
// 0600 with every reference replaced, never over an existing file without --force nor over the
// template, stdin to stdout when stdout is not a terminal, and a failing reference named by line.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRefs } from '../helpers/refs-process.js';
import { LOCAL, setup, WORK } from '../helpers/refs-wallet.js';
import { SAMPLE_KEYS } from '../helpers/temp-wallet.js';

describe('aikey inject', () => {
  const TEMPLATE = [
    'openai:',
    '  api_key: aikey://openai/work',
    '  json: {"key":"aikey://openai"}',
    '  again: ${aikey://openai/work}',
    'local: aikey://Personal/custom/local%20llm # a comment',
    'url: https://example.com/aikey',
    '',
  ].join('\n');
  const EXPECTED = [
    'openai:',
    `  api_key: ${WORK}`,
    `  json: {"key":"${SAMPLE_KEYS.openai}"}`,
    `  again: \${${WORK}}`,
    `local: ${LOCAL} # a comment`,
    'url: https://example.com/aikey',
    '',
  ].join('\n');

  it('writes the file 0600 with every reference replaced, and refuses to overwrite without --force', async () => {
    const { home, env, file } = await setup();
    const template = file('config.tmpl.yml', TEMPLATE);
    const output = join(home, 'config.yml');
    const result = await runRefs(home, {
      args: ['inject', '-i', template, '-o', output, '--json'],
      env: env(),
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)).toEqual({ written: output, references: 3, replaced: 4 });
    expect(readFileSync(output, 'utf8')).toBe(EXPECTED);
    expect(statSync(output).mode & 0o777).toBe(0o600);

    writeFileSync(output, 'old');
    const refused = await runRefs(home, { args: ['inject', '-i', template, '-o', output], env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(output, 'utf8')).toBe('old');
    const forced = await runRefs(home, {
      args: ['inject', '-i', template, '-o', output, '--force'],
      env: env(),
    });
    expect(forced.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(EXPECTED);
    const self = await runRefs(home, {
      args: ['inject', '-i', template, '-o', template, '--force'],
      env: env(),
    });
    expect(self.code).toBe(2);
    expect(readFileSync(template, 'utf8')).toBe(TEMPLATE);
  });

  it('reads stdin and writes stdout when that is not a terminal', async () => {
    const { home, env } = await setup();
    const result = await runRefs(home, { args: ['inject'], stdin: TEMPLATE, env: env() });
    expect([result.code, result.stderr, result.stdout]).toEqual([0, '', EXPECTED]);
  });

  it('names the line of a reference that fails, and writes nothing', async () => {
    const { home, env, file, anthropicOnly } = await setup();
    const template = file('t.yml', 'a: aikey://anthropic\nb: aikey://openai/work\n');
    const output = join(home, 'out.yml');
    const result = await runRefs(home, {
      args: ['inject', '-i', template, '-o', output],
      env: env(anthropicOnly),
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(
      /t\.yml line 2 \(aikey:\/\/openai\/work\): This token may not read openai keys/,
    );
    expect(existsSync(output)).toBe(false);
  });
});
