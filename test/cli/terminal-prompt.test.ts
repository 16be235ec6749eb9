// The hidden prompt in a real terminal (a pseudo-terminal from util-linux `script`): with the key
// piped on standard input, the master password is still asked for on the terminal itself (as op and
// gpg do), never echoed, and the README's `pbpaste | aikey keys add anthropic` works.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIKEY_BIN, aikeyEnv, runAikey } from '../helpers/aikey-process.js';
import { SAMPLE_KEYS } from '../helpers/temp-wallet.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.log('terminal prompt test skipped: util-linux `script` is not installed');

const PASSWORD = 'tangerine-glacier-harbor-4471';
const root = mkdtempSync(join(tmpdir(), 'aikey-tty-'));
const home = join(root, 'home');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs a shell command line in a fresh pseudo-terminal, typing `typed` once `prompt` shows. */
function inTerminal(
  commandLine: string,
  prompt: string,
  typed: string,
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qefc', commandLine, '/dev/null'], {
      env: aikeyEnv(home, { SECRET_KEY: SAMPLE_KEYS.anthropic }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (!answered && screen.includes(prompt)) {
        answered = true;
        child.stdin.write(`${typed}\r`);
      }
    });
    child.on('close', (code) => resolve({ code, screen }));
  });
}

describe.runIf(hasScript)('the hidden prompt on a real terminal', () => {
  it('asks for the master password on the terminal while the key comes through the pipe', async () => {
    const passwordFile = join(root, 'password');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    expect((await runAikey(home, ['init', '--password-file', passwordFile])).code).toBe(0);
    const added = await inTerminal(
      `printf '%s' "$SECRET_KEY" | ${AIKEY_BIN} keys add anthropic`,
      'Master password: ',
      PASSWORD,
    );
    expect(added.code).toBe(0);
    expect(added.screen).toContain('sk-ant-api03-…a1B2');
    expect(added.screen).not.toContain(PASSWORD);
    expect(added.screen).not.toContain(SAMPLE_KEYS.anthropic);
    const listed = await runAikey(home, ['keys', 'list', '--json', '--password-file', passwordFile]);
    expect((JSON.parse(listed.stdout) as { provider: string }[]).map((k) => k.provider)).toEqual([
      'anthropic',
    ]);
  });
});
