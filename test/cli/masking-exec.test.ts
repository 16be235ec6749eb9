// Masking as users meet it: `run` and `exec` put a key into a child, the child prints it (to both
// streams, in pieces, among megabytes or binary bytes), and what reaches the pipe the test reads
// holds the marker, never the key. Exit codes, signals and stdin are unchanged by masking.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { CONCEALED } from '#cli/output-masking.js';
import { aikeyEnv } from '../helpers/aikey-process.js';
import { CLI_BUNDLE, runRefs } from '../helpers/refs-process.js';
import { SAMPLE_KEYS, tempDir, unlockedWallet } from '../helpers/temp-wallet.js';

const KEY = SAMPLE_KEYS.openai;
const OTHER = SAMPLE_KEYS.anthropic;

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

async function setup() {
  const home = tempDir('aikey-mask-');
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  wallet.keys.create({ provider: 'openai', secret: KEY });
  wallet.keys.create({ provider: 'anthropic', secret: OTHER });
  const token = wallet.tokens.create({ name: 'all' }).token;
  const env: NodeJS.ProcessEnv = {
    AIKEY_URL: endpoint.url,
    AIKEY_TOKEN: token,
    OPENAI_API_KEY: 'aikey://openai',
    ANTHROPIC_API_KEY: 'aikey://anthropic',
  };
  return { home, env };
}

/** A node child running `script`; the keys are in its environment. */
const node = (script: string) => [process.execPath, '-e', script];

describe('masking in exec and run', () => {
  it('conceals keys written to both streams in pieces, with pauses between them', async () => {
    const { home, env } = await setup();
    const script = `
      const k = process.env.OPENAI_API_KEY, a = process.env.ANTHROPIC_API_KEY;
      const later = (ms) => new Promise((r) => setTimeout(r, ms));
      (async () => {
        process.stdout.write('out ' + k.slice(0, 10)); process.stderr.write('err ' + a.slice(0, 5));
        await later(30);
        process.stdout.write(k.slice(10) + ' end\\n'); process.stderr.write(a.slice(5) + k + '\\n');
      })();`;
    for (const command of ['exec', 'run']) {
      const result = await runRefs(home, { args: [command, '--', ...node(script)], env });
      expect([command, result.code]).toEqual([command, 0]);
      expect(result.stdout).toBe(`out ${CONCEALED} end\n`);
      expect(result.stderr).toBe(`err ${CONCEALED}\n`);
    }
  });

  it('--no-masking leaves the output alone', async () => {
    const { home, env } = await setup();
    const result = await runRefs(home, {
      args: ['run', '--no-masking', '--', ...node('console.log(process.env.OPENAI_API_KEY)')],
      env,
    });
    expect(result.stdout).toBe(`${KEY}\n`);
  });

  it('streams megabytes and binary bytes through, changing only the keys, and keeps the exit code', async () => {
    const { home, env } = await setup();
    const noise = randomBytes(3 * 1024 * 1024);
    const blob = join(home, 'blob.bin');
    writeFileSync(blob, noise);
    const script = `
      const fs = require('node:fs');
      const noise = fs.readFileSync(${JSON.stringify(blob)});
      const key = Buffer.from(process.env.OPENAI_API_KEY);
      const parts = [];
      for (let at = 0; at < noise.length; at += 100_003) parts.push(noise.subarray(at, at + 100_003), key);
      const all = Buffer.concat(parts);
      let at = 0;
      const next = () => {
        while (at < all.length) {
          const ok = process.stdout.write(all.subarray(at, at + 65_537));
          at += 65_537;
          if (!ok) return process.stdout.once('drain', next);
        }
        process.exitCode = 3;
      };
      next();`;
    const result = await runRefs(home, { args: ['exec', '--', ...node(script)], env });
    expect(result.code).toBe(3);
    const expected: Buffer[] = [];
    for (let at = 0; at < noise.length; at += 100_003)
      expected.push(noise.subarray(at, at + 100_003), Buffer.from(CONCEALED));
    expect(result.raw.equals(Buffer.concat(expected))).toBe(true);
    expect(result.raw.includes(KEY)).toBe(false);
  });

  it('passes stdin to the command', async () => {
    const { home, env } = await setup();
    const result = await runRefs(home, { args: ['run', '--', 'cat'], env, stdin: `typed ${KEY}\n` });
    expect([result.code, result.stdout]).toEqual([0, `typed ${CONCEALED}\n`]);
  });

  it('a reader that stops early stops the command, as it would without masking', async () => {
    const { home, env } = await setup();
    const script = `${process.execPath} ${CLI_BUNDLE} exec -- sh -c 'exec yes "$OPENAI_API_KEY"' | head -n 2; echo "exit \${PIPESTATUS[0]}"`;
    const child = spawn('bash', ['-c', script], { env: aikeyEnv(home, env) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    // yes dies of SIGPIPE (13) once aikey's own output is gone, silently; aikey reports it as a shell
    // does. (A grandchild still writing sees its socket reset instead: only the child is signalled.)
    expect(output).toBe(`${CONCEALED}\n${CONCEALED}\nexit 141\n`);
  });

  it('reports a command killed by a signal as 128 + its number', async () => {
    const { home, env } = await setup();
    const result = await runRefs(home, {
      args: [
        'exec',
        '--',
        ...node("console.log(process.env.OPENAI_API_KEY); process.kill(process.pid, 'SIGTERM')"),
      ],
      env,
    });
    expect([result.code, result.stdout]).toEqual([143, `${CONCEALED}\n`]);
  });

  it('forwards a signal sent to aikey to the command', async () => {
    const { home, env } = await setup();
    const child = spawn(
      process.execPath,
      [
        CLI_BUNDLE,
        'run',
        '--',
        ...node("console.log('ready', process.env.OPENAI_API_KEY); setInterval(() => {}, 1000)"),
      ],
      { env: aikeyEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready')) child.kill('SIGINT');
      });
      child.on('close', (exit) => resolve(exit));
    });
    expect([code, stdout]).toEqual([130, `ready ${CONCEALED}\n`]);
  });
});

/** util-linux `script`: runs a command on a pseudo-terminal, as a user at a shell would. */
const hasScript = spawnSync('script', ['--version']).status === 0;
const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasScript)('on a terminal', () => {
  async function onTerminal(home: string, env: NodeJS.ProcessEnv, args: string[]) {
    const line = [process.execPath, CLI_BUNDLE, ...args].map(shellQuote).join(' ');
    // Not spawnSync: the wallet answering the CLI runs in this process.
    const child = spawn('script', ['-qefc', line, '/dev/null'], { env: aikeyEnv(home, env) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, output: output.replace(/\r\n/g, '\n') };
  }
  const tell = node(
    "console.log(process.stdout.isTTY === true ? 'tty' : 'pipe', process.env.OPENAI_API_KEY)",
  );

  it('leaves a terminal alone by default; --mask conceals there too, and the command then sees a pipe', async () => {
    const { home, env } = await setup();
    expect(await onTerminal(home, env, ['exec', '--', ...tell])).toEqual({ code: 0, output: `tty ${KEY}\n` });
    expect(await onTerminal(home, env, ['exec', '--mask', '--', ...tell])).toEqual({
      code: 0,
      output: `pipe ${CONCEALED}\n`,
    });
  });

  it('inject refuses to print keys to a terminal', async () => {
    const { home, env } = await setup();
    const template = join(home, 't.txt');
    writeFileSync(template, 'key: aikey://openai\n');
    const result = await onTerminal(home, env, ['inject', '-i', template]);
    expect(result.code).toBe(2);
    // At a terminal the "aikey:" prefix is coloured.
    expect(stripVTControlCharacters(result.output)).toMatch(/^aikey: inject writes keys: give -o FILE/);
    expect(result.output).not.toContain(KEY);
  });
});
