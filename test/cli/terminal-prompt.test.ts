// The hidden prompt in a real terminal (a pseudo-terminal from util-linux `script`): with the key
// piped on standard input, the master password is still asked for on the terminal itself (as op and
// gpg do), never echoed, and the README's `pbpaste | aikey keys add anthropic` works.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIKEY_BIN, aikeyEnv, runAikey } from '../helpers/aikey-process.js';
import { SAMPLE_KEYS } from '../helpers/temp-wallet.js';
import { hasScript, inTerminal } from '../helpers/terminal.js';

const PASSWORD = 'tangerine-glacier-harbor-4471';
const root = mkdtempSync(join(tmpdir(), 'aikey-tty-'));
const home = join(root, 'home');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.runIf(hasScript)('the hidden prompt on a real terminal', () => {
  it('asks for the master password on the terminal while the key comes through the pipe', async () => {
    const passwordFile = join(root, 'password');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    expect((await runAikey(home, ['init', '--password-file', passwordFile])).code).toBe(0);
    const added = await inTerminal(
      `printf '%s' "$SECRET_KEY" | ${AIKEY_BIN} keys add anthropic`,
      aikeyEnv(home, { SECRET_KEY: SAMPLE_KEYS.anthropic }),
      [['Master password: ', PASSWORD]],
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
