// The aikey CLI as a user runs it: the built bin/aikey spawned as a process, end to end:
// init -> keys add (stdin) -> tokens create -> serve -> get/env/exec -> cv-git route -> SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIKEY_BIN, aikeyEnv, runAikey, type AikeyResult } from '../helpers/aikey-process.js';
import { bearer, rawGet } from '../helpers/http.js';

const BIN = AIKEY_BIN;
const PLANTED = `sk-ant-api03-CLIPLANTED${'q'.repeat(60)}Zz99`;
const PASSWORD = 'tangerine-glacier-harbor-4471';

let home = '';
let passwordFile = '';
const env = (): NodeJS.ProcessEnv => aikeyEnv(home);
const aikey = (
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<AikeyResult> => runAikey(home, args, options);

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${seen}`)), 15_000);
    child.stdout?.on('data', (c: Buffer) => {
      seen += c.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
  });
}

let server: ChildProcess | null = null;
let token = '';
const outputs: string[] = [];

beforeAll(async () => {
  // One directory for the whole file: the journey's steps build on each other.
  home = join(mkdtempSync(join(tmpdir(), 'aikey-cli-')), 'home');
  passwordFile = join(home, '..', 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  const init = await aikey(['init', '--password-file', passwordFile]);
  expect(init.code).toBe(0);
  expect(init.stdout).toMatch(/Recovery key: ([0-9A-Z]{4}-){7}[0-9A-Z]{4}/);
  const add = await aikey(['keys', 'add', 'anthropic', '--password-file', passwordFile], {
    stdin: `${PLANTED}\n`,
  });
  expect([add.code, add.stderr]).toEqual([0, '']);
  expect(add.stdout).toContain('sk-ant-api03-…Zz99');
  const created = await aikey([
    'tokens',
    'create',
    'cv-git',
    '--providers',
    'anthropic',
    '--password-file',
    passwordFile,
  ]);
  expect(created.code).toBe(0);
  token = created.stdout.trim();
  expect(token).toMatch(/^aik_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$/);
  expect(created.stderr).toContain('only time');
  server = spawn(BIN, ['serve', '--port', '0', '--password-file', passwordFile], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(server, /serving http:\/\/127\.0\.0\.1:\d+/);
}, 60_000);

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(join(home, '..'), { recursive: true, force: true });
});

describe('aikey CLI against a headless wallet', () => {
  it('get prints only the key; errors get distinct exit codes and never show a key', async () => {
    const got = await aikey(['get', 'anthropic'], { env: { AIKEY_TOKEN: token } });
    expect([got.code, got.stdout, got.stderr]).toEqual([0, `${PLANTED}\n`, '']);
    const cases: [string[], NodeJS.ProcessEnv, number][] = [
      [['get', 'openai'], { AIKEY_TOKEN: token }, 6],
      [['get', 'anthropic', '--name', 'nope'], { AIKEY_TOKEN: token }, 7],
      [['get', 'anthropic'], { AIKEY_TOKEN: 'aik_wrong' }, 5],
      [['get', 'anthropic'], { AIKEY_TOKEN: `${token}\r\nX-Injected: 1` }, 5],
      [['get', 'anthropic'], {}, 5],
      [['get'], { AIKEY_TOKEN: token }, 2],
      [['frobnicate'], {}, 2],
      [['get', 'anthropic'], { AIKEY_TOKEN: token, AIKEY_HOME: join(home, 'nowhere') }, 3],
      [['keys', 'list', '--password-file', join(home, '..', 'missing')], {}, 2],
    ];
    for (const [args, extra, code] of cases) {
      const result = await aikey(args, { env: extra });
      outputs.push(result.stdout, result.stderr);
      expect([args.join(' '), result.code]).toEqual([args.join(' '), code]);
      expect(result.stderr).toMatch(/^aikey: .+\n$/);
    }
    writeFileSync(join(home, '..', 'wrong'), 'not the password\n');
    const wrong = await aikey(['keys', 'list', '--password-file', join(home, '..', 'wrong')]);
    expect([wrong.code, wrong.stderr]).toEqual([8, 'aikey: That master password is not correct.\n']);
    const json = await aikey(['get', 'openai', '--json'], { env: { AIKEY_TOKEN: token } });
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'out_of_scope', message: 'This token may not read openai keys.' },
    });
  });

  it('--version prints the package version and exits 0; --help lists the exit codes', async () => {
    const { version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      version: string;
    };
    const printed = await aikey(['--version']);
    expect([printed.code, printed.stdout, printed.stderr]).toEqual([0, `aikey ${version}\n`, '']);
    const help = await aikey(['--help']);
    expect(help.stdout).toContain('15 Node.js too old (the launcher), 130 cancelled (Ctrl-C)');
  });

  it('env prints every environment name in sh, dotenv and json; the token can come from a file', async () => {
    const tokenFile = join(home, '..', 'token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const sh = await aikey(['env', '--token-file', tokenFile]);
    expect(sh.stdout).toBe(`export ANTHROPIC_API_KEY='${PLANTED}'\nexport CV_ANTHROPIC_KEY='${PLANTED}'\n`);
    const dotenv = await aikey(['env', 'anthropic', '--format', 'dotenv'], { env: { AIKEY_TOKEN: token } });
    expect(dotenv.stdout).toBe(`ANTHROPIC_API_KEY=${PLANTED}\nCV_ANTHROPIC_KEY=${PLANTED}\n`);
    const json = await aikey(['env', '--json'], { env: { AIKEY_TOKEN: token } });
    expect(JSON.parse(json.stdout)).toEqual({ ANTHROPIC_API_KEY: PLANTED, CV_ANTHROPIC_KEY: PLANTED });
  });

  it('exec injects the keys, passes stdio and exits with the child code', async () => {
    const result = await aikey(
      ['exec', '--', 'sh', '-c', 'printf "%s" "${ANTHROPIC_API_KEY#sk-ant-api03-CLI}"; exit 23'],
      {
        env: { AIKEY_TOKEN: token },
      },
    );
    expect(result.code).toBe(23);
    expect(result.stdout).toBe(PLANTED.replace('sk-ant-api03-CLI', ''));
  });

  it('exec forwards a signal to the child and returns what the child made of it', async () => {
    const child = spawn(
      BIN,
      ['exec', '--', 'sh', '-c', 'trap "exit 42" TERM; echo ready; while :; do sleep 0.05; done'],
      {
        env: { ...env(), AIKEY_TOKEN: token },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await waitForLine(child, /ready/);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(42);
  });

  it('exec hands the child its keys but never the wallet token or URL', async () => {
    const result = await aikey(
      [
        'exec',
        '--',
        'sh',
        '-c',
        'printf "%s|%s|%s" "${AIKEY_TOKEN-unset}" "${AIKEY_URL-unset}" "${#ANTHROPIC_API_KEY}"',
      ],
      { env: { AIKEY_TOKEN: token } },
    );
    expect([result.code, result.stdout]).toEqual([0, `unset|unset|${PLANTED.length}`]);
  });

  it('exec exits 128+n for a child killed by any signal, as a shell does', async () => {
    for (const [signal, code] of [
      ['QUIT', 131],
      ['USR1', 138],
      ['KILL', 137],
    ] as const) {
      const result = await aikey(['exec', '--', 'sh', '-c', `kill -${signal} $$`], {
        env: { AIKEY_TOKEN: token },
      });
      expect([signal, result.code]).toEqual([signal, code]);
    }
  });

  it('--expires takes only durations and future dates; anything loose is refused and changes nothing', async () => {
    for (const bad of ['90', '0d', '1999-01-01', '2027-02-30', 'tomorrow', '-5d']) {
      const result = await aikey([
        'tokens',
        'create',
        `t-${bad}`,
        `--expires=${bad}`,
        '--password-file',
        passwordFile,
      ]);
      expect([bad, result.code]).toEqual([bad, 2]);
      expect(result.stderr).toContain('90d, 12h, 2w');
    }
    const listed = await aikey(['tokens', 'list', '--json', '--password-file', passwordFile]);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['cv-git']);
  });

  it('values aikey cannot use are refused in one line with a documented code, never "unexpectedly"', async () => {
    const notADir = join(home, '..', 'not-a-dir');
    writeFileSync(notADir, 'a file');
    const pw = ['--password-file', passwordFile];
    const cases: [string[], NodeJS.ProcessEnv, number, RegExp][] = [
      [['serve', '--port', '65536', ...pw], {}, 2, /--port takes a whole number from 0 to 65535/],
      [['serve', '--port', '0x50', ...pw], {}, 2, /--port takes a whole number/],
      [['audit', '--limit', '', ...pw], {}, 2, /--limit needs a value/],
      [['tokens', 'create', 'ci', '--providers', '', ...pw], {}, 2, /--providers needs a value/],
      [['keys', 'rm', 'a\nb', ...pw], {}, 7, /No key matches "a\\u000ab"/],
      [['get', 'anthropic'], { AIKEY_TOKEN: token, AIKEY_URL: 'not a url' }, 2, /AIKEY_URL must be/],
      [['get', 'anthropic'], { AIKEY_TOKEN: 'aik_a\nb' }, 5, /not an access token/],
      [['get', 'anthropic', '--name', 'x'.repeat(100_000)], { AIKEY_TOKEN: token }, 2, /refused the request/],
      [['keys', 'list', ...pw], { AIKEY_HOME: notADir }, 2, /AIKEY_HOME must be a directory/],
    ];
    for (const [args, extra, code, message] of cases) {
      const result = await aikey(args, { env: extra });
      outputs.push(result.stdout, result.stderr);
      expect([args.slice(0, 3).join(' '), result.code]).toEqual([args.slice(0, 3).join(' '), code]);
      expect(result.stderr).toMatch(/^aikey: [^\n]+\n$/);
      expect(result.stderr).toMatch(message);
    }
    const listed = await aikey(['tokens', 'list', '--json', ...pw]);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['cv-git']);
  });

  it('serves the cv-git route and reports status; admin commands see usage and an audit trail', async () => {
    const discovery = JSON.parse(readFileSync(join(home, 'endpoint.json'), 'utf8')) as { url: string };
    const port = Number(new URL(discovery.url).port);
    const cv = await rawGet(port, '/api/keys/provider/anthropic', bearer(token));
    expect(cv.body).toBe(JSON.stringify({ key: PLANTED }));
    const human = await aikey(['status'], { env: { AIKEY_TOKEN: token } });
    expect(human.stdout).toContain('Token:  cv-git (anthropic; never expires)\n');
    expect(human.stdout).not.toContain('aik_');
    const status = await aikey(['status', '--json'], { env: { AIKEY_TOKEN: token } });
    expect(JSON.parse(status.stdout)).toMatchObject({
      url: discovery.url,
      locked: false,
      token: { name: 'cv-git' },
    });
    await new Promise((r) => setTimeout(r, 400)); // the endpoint batches usage writes
    const audit = await aikey(['audit', '--json', '--password-file', passwordFile]);
    outputs.push(audit.stdout);
    const entries = (JSON.parse(audit.stdout) as { entries: { action: string; actorName: string }[] })
      .entries;
    expect(entries.some((e) => e.action === 'key.read' && e.actorName === 'cv-git')).toBe(true);
    const tokens = await aikey(['tokens', 'list', '--json', '--password-file', passwordFile]);
    expect((JSON.parse(tokens.stdout) as { useCount: number }[])[0]!.useCount).toBeGreaterThan(0);
  });

  it('SIGTERM stops serve, locks, and leaves no endpoint.json; the planted key never leaked', async () => {
    const closed = new Promise<number | null>((resolve) => server!.on('close', resolve));
    server!.kill('SIGTERM');
    expect(await closed).toBe(0);
    server = null;
    expect(existsSync(join(home, 'endpoint.json'))).toBe(false);
    const after = await aikey(['get', 'anthropic'], { env: { AIKEY_TOKEN: token } });
    expect(after.code).toBe(3);
    for (const text of outputs) expect(text).not.toContain('CLIPLANTED');
    for (const file of readdirSync(home).filter((f) => !f.endsWith('.json') || f === 'vault.header.json')) {
      if (file === 'backups') continue;
      expect(readFileSync(join(home, file)).includes(Buffer.from('CLIPLANTED'))).toBe(false);
    }
  });
});
