// aikey:// references in `run` (env files) and `exec` (its own environment), run as users run them:
// their own process against a wallet endpoint on a free port. Every reference resolves through the
// token's scope; any failure names the variable and the reason, exits with its documented code, and
// the command never starts. `inject` has its own file (inject.test.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAikey } from '../helpers/aikey-process.js';
import { loadedFiles, runRefs } from '../helpers/refs-process.js';
import { running, setup, show, WORK, LOCAL } from '../helpers/refs-wallet.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, tempDir } from '../helpers/temp-wallet.js';

describe('aikey run --env-file', () => {
  it('resolves references, passes plain values, and keeps the wallet variables from the child', async () => {
    const { home, env, file } = await setup();
    const first = file(
      '.env',
      [
        '# keys by reference',
        'OPENAI_API_KEY=aikey://openai/work',
        'ANTHROPIC_API_KEY="aikey://Personal/anthropic/default"',
        "LOCAL_KEY='aikey://custom/local%20llm'",
        'PLAIN=hello world',
        'SHARED=first',
        'AIKEY_TOKEN=from-a-file',
      ].join('\n'),
    );
    const second = file('.env.local', 'SHARED=second\nAIKEY_URL=http://127.0.0.1:9\n');
    const result = await runRefs(home, {
      args: [
        'run',
        '--env-file',
        first,
        '--env-file',
        second,
        '--no-masking',
        '--',
        ...show(
          'OPENAI_API_KEY',
          'ANTHROPIC_API_KEY',
          'LOCAL_KEY',
          'PLAIN',
          'SHARED',
          'AIKEY_TOKEN',
          'AIKEY_URL',
        ),
      ],
      env: env(),
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(
      [
        `OPENAI_API_KEY=${WORK}`,
        `ANTHROPIC_API_KEY=${SAMPLE_KEYS.anthropic}`,
        `LOCAL_KEY=${LOCAL}`,
        'PLAIN=hello world',
        'SHARED=second',
        'AIKEY_TOKEN=unset',
        'AIKEY_URL=unset',
        '',
      ].join('\n'),
    );
  });

  it('the process environment wins over the files unless --overload, and its references resolve too', async () => {
    const { home, env, file } = await setup();
    const dotenv = file('.env', 'OPENAI_API_KEY=aikey://openai/work\nMODEL=from-file\n');
    const base = { ...env(), OPENAI_API_KEY: 'aikey://openai', MODEL: 'from-env' };
    const args = (...flags: string[]) => [
      'run',
      '--env-file',
      dotenv,
      ...flags,
      '--no-masking',
      '--',
      ...show('OPENAI_API_KEY', 'MODEL'),
    ];
    const kept = await runRefs(home, { args: args(), env: base });
    expect(kept.stdout).toBe(`OPENAI_API_KEY=${SAMPLE_KEYS.openai}\nMODEL=from-env\n`);
    const overloaded = await runRefs(home, { args: args('--overload'), env: base });
    expect(overloaded.stdout).toBe(`OPENAI_API_KEY=${WORK}\nMODEL=from-file\n`);
  });

  it('resolves more references than one request carries', async () => {
    const { home, env, file, wallet } = await setup();
    const names = Array.from({ length: 60 }, (_, i) => `key number ${i}`);
    for (const [i, name] of names.entries())
      wallet.keys.create({ provider: 'openai', name, secret: `sk-proj-${'n'.repeat(30)}${i}` });
    const dotenv = file(
      '.env',
      names.map((name, i) => `K${i}=aikey://openai/${encodeURIComponent(name)}`).join('\n'),
    );
    const result = await runRefs(home, {
      args: ['run', '--env-file', dotenv, '--no-masking', '--', 'sh', '-c', 'echo "$K0 $K59"'],
      env: env(),
    });
    expect([result.code, result.stdout]).toEqual([
      0,
      `sk-proj-${'n'.repeat(30)}0 sk-proj-${'n'.repeat(30)}59\n`,
    ]);
  });

  it('returns the command exit code', async () => {
    const { home, env } = await setup();
    const result = await runRefs(home, { args: ['run', '--', 'sh', '-c', 'exit 42'], env: env() });
    expect(result.code).toBe(42);
  });
});

describe('unresolvable references stop the command before it starts', () => {
  const started = ['sh', '-c', 'echo started'];

  it('names each variable and reason, with the documented exit code, and never a key', async () => {
    const { home, env, file, anthropicOnly } = await setup();
    const cases: [string, NodeJS.ProcessEnv, number, RegExp][] = [
      ['A=aikey://openai/nope', env(), 7, /^aikey: A \(aikey:\/\/openai\/nope\): No openai key named "nope"/],
      ['A=aikey://Nowhere/openai/work', env(), 7, /^aikey: A \(aikey:\/\/Nowhere\/openai\/work\): No hub/],
      [
        'A=aikey://openai/work',
        env(anthropicOnly),
        6,
        /^aikey: A \(aikey:\/\/openai\/work\): This token may not read openai keys/,
      ],
      ['A=aikey://acme/work', env(), 2, /^aikey: A: A reference names an unknown provider\./],
      ['A=aikey://custom/local llm', env(), 2, /^aikey: A: .*must be percent-encoded/],
      [
        'A=aikey://openai/work',
        env('aik_wrong'),
        5,
        /^aikey: Cannot resolve A: A valid access token is required/,
      ],
      [
        'A=aikey://openai/nope\nB=aikey://openai/work\nC=aikey://anthropic/gone',
        env(),
        7,
        /^aikey: A \(aikey:\/\/openai\/nope\): No openai.*C \(aikey:\/\/anthropic\/gone\): No anthropic/,
      ],
    ];
    for (const [text, presented, code, message] of cases) {
      const dotenv = file('.env', text);
      const result = await runRefs(home, {
        args: ['run', '--env-file', dotenv, '--', ...started],
        env: presented,
      });
      expect([text, result.code, result.stdout]).toEqual([text, code, '']);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.stderr).not.toContain(WORK);
    }
  });

  it('says when the wallet is locked or not running', async () => {
    const { home, env, file, wallet, endpoint } = await setup();
    const dotenv = file('.env', 'OPENAI_API_KEY=aikey://openai/work\nOTHER=aikey://anthropic\n');
    wallet.vault.lock();
    const locked = await runRefs(home, { args: ['run', '--env-file', dotenv, '--', ...started], env: env() });
    expect([locked.code, locked.stdout]).toEqual([4, '']);
    expect(locked.stderr).toMatch(
      /^aikey: Cannot resolve OPENAI_API_KEY \(and 1 more\): The wallet is locked/,
    );
    await wallet.vault.unlock(STRONG_PASSWORD);
    await endpoint.close();
    running.length = 0;
    const gone = await runRefs(home, { args: ['run', '--env-file', dotenv, '--', ...started], env: env() });
    expect([gone.code, gone.stdout]).toEqual([3, '']);
    expect(gone.stderr).toMatch(
      /^aikey: Cannot resolve OPENAI_API_KEY \(and 1 more\): The wallet is not answering/,
    );
  });

  // `-f`: Node.js 22 itself reads a `--env-file` argument even after the script name and exits 9
  // when that file is missing (nodejs/node#54232), before aikey can say anything.
  it('refuses an env file it cannot read', async () => {
    const { home, env } = await setup();
    const result = await runRefs(home, {
      args: ['run', '-f', join(home, 'missing.env'), '--', ...started],
      env: env(),
    });
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(/^aikey: The env file .*missing\.env.* could not be read/);
  });
});

describe('aikey exec with references in its own environment', () => {
  it('resolves them (the built CLI), instead of handing out every default key', async () => {
    const { home, env } = await setup();
    const result = await runAikey(home, ['exec', '--', ...show('OPENAI_API_KEY', 'ANTHROPIC_API_KEY')], {
      env: { ...env(), OPENAI_API_KEY: 'aikey://openai/work', ANTHROPIC_API_KEY: undefined },
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
    // Masked: the test reads a pipe, not a terminal.
    expect(result.stdout).toBe('OPENAI_API_KEY=<concealed by aikey>\nANTHROPIC_API_KEY=unset\n');
  });

  it('a reference wins over a chosen key for the same variable; failures name the variable', async () => {
    const { home, env, anthropicOnly } = await setup();
    const both = await runRefs(home, {
      args: ['exec', '--key', 'openai', '--no-masking', '--', ...show('OPENAI_API_KEY', 'CV_OPENAI_KEY')],
      env: { ...env(), OPENAI_API_KEY: 'aikey://openai/work' },
    });
    expect(both.stdout).toBe(`OPENAI_API_KEY=${WORK}\nCV_OPENAI_KEY=${SAMPLE_KEYS.openai}\n`);
    const refused = await runRefs(home, {
      args: ['exec', '--', 'sh', '-c', 'echo started'],
      env: { ...env(anthropicOnly), OPENAI_API_KEY: 'aikey://openai/work' },
    });
    expect([refused.code, refused.stdout]).toEqual([6, '']);
    expect(refused.stderr).toMatch(
      /^aikey: OPENAI_API_KEY \(aikey:\/\/openai\/work\): This token may not read/,
    );
  });
});

describe('start-up cost', () => {
  it('run, inject and exec load no vault, database, KDF or zod code', () => {
    const loaded = loadedFiles(['run-commands', 'inject-command']);
    expect([...loaded.keys()].some((f) => f.startsWith('chunks/run-commands-'))).toBe(true);
    for (const [file, text] of loaded) {
      // esbuild marks where each bundled package begins with its path; native modules stay imports.
      expect([file, /node_modules\/(drizzle-orm|zod|@zxcvbn-ts)\//.exec(text)?.[0] ?? null]).toEqual([
        file,
        null,
      ]);
      expect([file, /from\s*"(better-sqlite3|@node-rs\/argon2)"/.exec(text)?.[0] ?? null]).toEqual([
        file,
        null,
      ]);
    }
  });
});

describe('a wallet older than GET /v1/resolve', () => {
  it('is asked one key at a time, with the same answers and errors', async () => {
    const home = tempDir('aikey-refs-old-');
    const served: string[] = [];
    const server = createServer((req, res) => {
      served.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const send = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(text),
        });
        res.end(text);
      };
      if (url.pathname === '/v1/keys/openai' && url.searchParams.get('name') === 'work')
        send(200, { key: WORK });
      else if (url.pathname === '/v1/keys/openai')
        send(404, { error: { code: 'key_not_found', message: 'No openai key named "nope".' } });
      else send(404, { error: { code: 'not_found', message: 'No such route.' } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const env = { AIKEY_URL: `http://127.0.0.1:${port}`, AIKEY_TOKEN: 'aik_test' };
      const ok = await runRefs(home, {
        args: ['exec', '--no-masking', '--', ...show('A')],
        env: { ...env, A: 'aikey://openai/work' },
      });
      expect([ok.code, ok.stdout]).toEqual([0, `A=${WORK}\n`]);
      const missing = await runRefs(home, {
        args: ['exec', '--', 'sh', '-c', 'echo started'],
        env: { ...env, A: 'aikey://openai/nope' },
      });
      expect([missing.code, missing.stdout]).toEqual([7, '']);
      expect(missing.stderr).toMatch(/^aikey: A \(aikey:\/\/openai\/nope\): No openai key named "nope"/);
      expect(served.filter((path) => path.startsWith('/v1/resolve'))).toHaveLength(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
