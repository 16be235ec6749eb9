// "Install the aikey command": the script lands in the user's own bin folder, runs the CLI the app
// ships with the Node.js on PATH, is refreshed in place, and never replaces a file it did not write.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_MARKER, CliCommand } from '#desktop/cli-command.js';
import { tempDir } from '#test/helpers/temp-wallet.js';

const LAUNCHER = join(process.cwd(), 'bin', 'aikey.mjs');
const NODE_DIR = dirname(process.execPath);

describe('CliCommand', () => {
  it('installs ~/.local/bin/aikey, which runs the shipped CLI from any directory', () => {
    const home = tempDir('aikey-cli-home-');
    const bin = join(home, '.local', 'bin');
    const command = new CliCommand({
      platform: 'linux',
      homeDir: home,
      pathEnv: `/usr/bin:${bin}/`,
      launcher: LAUNCHER,
    });
    expect(command.status()).toEqual({
      available: true,
      path: join(bin, 'aikey'),
      installed: false,
      onPath: true,
      conflict: null,
    });
    expect(command.install()).toMatchObject({ installed: true, onPath: true, conflict: null });
    expect(statSync(join(bin, 'aikey')).mode & 0o777).toBe(0o755);
    const run = spawnSync(join(bin, 'aikey'), ['--version'], {
      cwd: home,
      env: { PATH: `${NODE_DIR}:/usr/bin:/bin`, HOME: home },
      encoding: 'utf8',
    });
    expect([run.status, run.stdout]).toEqual([0, expect.stringMatching(/^aikey \d+\.\d+\.\d+\n$/)]);
    // Installing again refreshes its own file.
    expect(command.install().installed).toBe(true);
  });

  it('says so, with exit code 15, where there is no Node.js on PATH', () => {
    const home = tempDir('aikey-cli-home-');
    const command = new CliCommand({ platform: 'linux', homeDir: home, pathEnv: '', launcher: LAUNCHER });
    const path = command.install().path;
    const run = spawnSync('/bin/sh', [path, '--version'], {
      env: { PATH: '/nonexistent' },
      encoding: 'utf8',
    });
    expect([run.status, run.stderr]).toEqual([15, 'aikey: needs Node.js 22.12 or newer on PATH\n']);
  });

  it('never replaces a file it did not write, and reports the folder missing from PATH', () => {
    const home = tempDir('aikey-cli-home-');
    const path = join(home, '.local', 'bin', 'aikey');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '#!/bin/sh\necho mine\n');
    chmodSync(path, 0o755);
    const command = new CliCommand({
      platform: 'linux',
      homeDir: home,
      pathEnv: '/usr/bin',
      launcher: LAUNCHER,
    });
    const status = command.install();
    expect(status).toMatchObject({ installed: false, onPath: false });
    expect(status.conflict).toMatch(/already exists and was not written by AIKey Wallet/);
    expect(readFileSync(path, 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('writes nothing when the app carries no CLI', () => {
    const home = tempDir('aikey-cli-home-');
    const command = new CliCommand({ platform: 'linux', homeDir: home, pathEnv: '', launcher: null });
    expect(command.install()).toMatchObject({ available: false, installed: false });
    expect(existsSync(join(home, '.local'))).toBe(false);
  });

  it('on Windows writes aikey.cmd under %LOCALAPPDATA%, marked as ours', () => {
    const home = tempDir('aikey-cli-home-');
    const local = join(home, 'AppData', 'Local');
    const command = new CliCommand({
      platform: 'win32',
      homeDir: home,
      localAppData: local,
      pathEnv: `C:\\Windows;${join(local, 'Programs', 'AIKey Wallet', 'bin')}`,
      launcher: LAUNCHER,
    });
    const status = command.install();
    expect(status).toMatchObject({ installed: true, onPath: true });
    expect(status.path).toBe(join(local, 'Programs', 'AIKey Wallet', 'bin', 'aikey.cmd'));
    const script = readFileSync(status.path, 'utf8');
    expect(script).toContain(`rem ${CLI_MARKER}`);
    expect(script).toContain(`node "${LAUNCHER}" %*`);
    expect(script.split('\r\n')[0]).toBe('@echo off');
  });
});
