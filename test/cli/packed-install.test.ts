// Installs the package as a user would, from the tarball `npm pack` makes, into an empty prefix
// (the same as `npm install -g`), then uses the installed `aikey` from another directory: --version,
// a vault, a running wallet, `get` and `exec`. Dependencies come from npm's cache when `npm ci` has
// filled it (--prefer-offline), else from the registry.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_KEYS, STRONG_PASSWORD, tempDir } from '#test/helpers/temp-wallet.js';

const NODE_BIN = dirname(process.execPath);

describe('the packed tarball, installed into an empty prefix', () => {
  it('gives a working aikey and aikey-hub on PATH', { timeout: 240_000 }, async () => {
    const root = tempDir('aikey-packed-');
    const prefix = join(root, 'prefix');
    const elsewhere = join(root, 'elsewhere');
    // --ignore-scripts: the bundle in out/ is already built by `npm test`; rebuilding it here would
    // pull it from under the other CLI tests running at the same time.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', root, process.cwd()], {
      encoding: 'utf8',
    });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(root).find((f) => f.endsWith('.tgz'))!;
    const install = spawnSync(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(root, tarball),
      ],
      { encoding: 'utf8', cwd: root },
    );
    expect(install.status, install.stderr).toBe(0);
    expect(readdirSync(join(prefix, 'bin')).sort()).toEqual(['aikey', 'aikey-hub']);

    spawnSync('mkdir', ['-p', elsewhere]);
    const env: NodeJS.ProcessEnv = {
      PATH: `${join(prefix, 'bin')}:${NODE_BIN}:/usr/bin:/bin`,
      HOME: root,
      AIKEY_HOME: join(root, 'data'),
      AIKEY_PASSWORD_FILE: join(root, 'password'),
    };
    writeFileSync(join(root, 'password'), `${STRONG_PASSWORD}\n`, { mode: 0o600 });
    const aikey = (args: string[], input = '') =>
      spawnSync('aikey', args, { env: { ...env, ...extra }, cwd: elsewhere, encoding: 'utf8', input });
    let extra: NodeJS.ProcessEnv = {};

    const version = aikey(['--version']);
    expect([version.status, version.stdout]).toEqual([0, expect.stringMatching(/^aikey \d+\.\d+\.\d+\n$/)]);
    const hub = spawnSync('aikey-hub', ['--help'], { env, cwd: elsewhere, encoding: 'utf8' });
    expect(hub.status).toBe(0);
    expect(aikey(['init']).status).toBe(0);
    expect(aikey(['keys', 'add', 'openai'], `${SAMPLE_KEYS.openai}\n`).status).toBe(0);
    const created = aikey(['tokens', 'create', 'packed', '--json']);
    const token = (JSON.parse(created.stdout) as { token: string }).token;

    const server = spawn('aikey', ['serve', '--port', '0'], { env, cwd: elsewhere });
    try {
      await new Promise<void>((resolve) => {
        let out = '';
        server.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('serving')) resolve();
        });
      });
      extra = { AIKEY_TOKEN: token };
      const got = aikey(['get', 'openai']);
      expect([got.status, got.stdout]).toEqual([0, `${SAMPLE_KEYS.openai}\n`]);
      const ran = aikey([
        'exec',
        '--',
        'node',
        '-e',
        'console.log(process.env.OPENAI_API_KEY === process.argv[1], process.env.AIKEY_TOKEN)',
        SAMPLE_KEYS.openai,
      ]);
      expect([ran.status, ran.stdout]).toEqual([0, 'true undefined\n']);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.on('close', resolve));
    }
  });
});
