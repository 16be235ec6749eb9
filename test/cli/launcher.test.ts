// The bin launchers as people start them: with whatever Node.js is first on PATH. An older Node.js
// must never reach the native module (it crashes with a segmentation fault): in a clone it hands
// over to the project's pinned Node.js; without one it refuses in one line with exit code 15.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SYSTEM_NODE = '/usr/bin/node';
const systemVersion = spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node'], {
  encoding: 'utf8',
}).stdout?.trim();
const [major = 0, minor = 0] = (systemVersion ?? '').split('.').map(Number);
const systemIsOld =
  systemVersion !== undefined && systemVersion !== '' && (major < 22 || (major === 22 && minor < 12));
if (!systemIsOld) {
  console.log(
    `launcher tests skipped: ${SYSTEM_NODE} is ${systemVersion || 'missing'}, not older than 22.12`,
  );
}

const root = mkdtempSync(join(tmpdir(), 'aikey-launcher-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (file: string, args: string[]) =>
  spawnSync(file, args, {
    encoding: 'utf8',
    env: { ...process.env, PATH: '/usr/bin:/bin', AIKEY_HOME: join(root, 'home'), AIKEY_PINNED_NODE: '' },
  });

describe.runIf(systemIsOld)(`the launchers under an older Node.js (${systemVersion})`, () => {
  it('refuse in one line with exit 15 where no newer Node.js is at hand, for aikey and aikey-hub', () => {
    const bin = join(root, 'installed', 'bin');
    mkdirSync(bin, { recursive: true });
    for (const file of ['aikey.mjs', 'aikey-hub.mjs', 'launcher.mjs']) {
      copyFileSync(join(process.cwd(), 'bin', file), join(bin, file));
    }
    for (const [name, file] of [
      ['aikey', 'aikey.mjs'],
      ['aikey-hub', 'aikey-hub.mjs'],
    ] as const) {
      const result = run(SYSTEM_NODE, [join(bin, file), 'keys', 'list']);
      expect([result.status, result.signal, result.stdout]).toEqual([15, null, '']);
      expect(result.stderr).toBe(
        `${name}: needs Node.js 22.12 or newer, and this is Node.js ${systemVersion} (${SYSTEM_NODE}); install a current Node.js LTS and run it again.\n`,
      );
    }
  });

  it('in a clone, hand over to the pinned Node.js: the command runs, with its own exit codes', () => {
    const help = run(SYSTEM_NODE, [join(process.cwd(), 'bin', 'aikey.mjs'), '--help']);
    expect([help.status, help.signal]).toEqual([0, null]);
    expect(help.stdout).toContain('get [options] <provider>');
    const list = run(SYSTEM_NODE, [
      join(process.cwd(), 'bin', 'aikey.mjs'),
      'keys',
      'list',
      '--password-file',
      '/dev/null',
    ]);
    expect([list.status, list.signal]).toEqual([9, null]);
    expect(list.stderr).toBe('aikey: No vault here yet. Create one with `aikey init`.\n');
  });
});
