// The CLI as people run it in loops: every fetch command (get, env, exec, status) as a whole process
// through bin/aikey.mjs, beside a bare `node -e 0` start in the same run; `exec -- true` beside
// dotenvx's `run -- true` and `env X=y true`; each command's peak memory (GNU time's max RSS); and
// unlock + list beside keepassxc-cli ls on a KDBX 4 file at the same Argon2id cost.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KDF, KDF_FLOOR } from '#core/crypto/kdf.js';
import { startEndpoint } from '#core/endpoint/server.js';
import { createWallet } from '#core/wallet.js';
import { writeKdbx4 } from './kdbx4.js';
import { heading, report, timeCommand } from './lib.js';

const KEY = `sk-ant-api03-${'c'.repeat(90)}`;
const BIN = join(process.cwd(), 'bin', 'aikey.mjs');
const DOTENVX = join(process.cwd(), 'node_modules', '.bin', 'dotenvx');
const GNU_TIME = '/usr/bin/time';

/** Peak resident memory of one run, in MiB, or null without GNU time. */
function peakMiB(command: string, args: string[], env: NodeJS.ProcessEnv): number | null {
  if (!existsSync(GNU_TIME)) return null;
  const run = spawnSync(GNU_TIME, ['-f', 'MAXRSS %M', command, ...args], { env, encoding: 'utf8' });
  const kib = /MAXRSS (\d+)/.exec(run.stderr)?.[1];
  return kib === undefined ? null : Number(kib) / 1024;
}

const LISTED = 100;

/** `aikey keys list` (unlock at the shipped cost + list) beside `keepassxc-cli ls` at the same cost. */
async function unlockAndList(env: NodeJS.ProcessEnv): Promise<void> {
  const cost = DEFAULT_KDF;
  heading(
    `Unlock + list ${LISTED} keys at Argon2id m=${cost.memoryKiB / 1024} MiB, t=${cost.iterations}, p=${cost.parallelism} (median of 11)`,
  );
  const password = 'correct horse battery staple 42!';
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const home = join(root, 'list');
  const listed = createWallet({ dataDir: home });
  await listed.vault.create(password);
  for (let i = 0; i < LISTED; i += 1)
    listed.keys.create({ provider: 'openai', name: `key-${i}`, secret: `sk-proj-${'k'.repeat(40)}${i}` });
  listed.close();
  const aikey = await timeCommand(
    'aikey keys list',
    BIN,
    ['keys', 'list', '--password-file', passwordFile],
    { ...env, AIKEY_HOME: home },
    'key-99',
    11,
  );
  report('aikey keys list', `${aikey.toFixed(0)} ms`);
  if (spawnSync('sh', ['-c', 'command -v keepassxc-cli']).status !== 0) {
    report('keepassxc-cli ls', 'not measured: keepassxc is not installed (apt-get install keepassxc)');
    return;
  }
  const kdbx = join(root, 'bench.kdbx');
  await writeKdbx4(
    kdbx,
    password,
    cost,
    Array.from({ length: LISTED }, (_, i) => ({ title: `key-${i}`, password: `sk-${i}` })),
  );
  const keepass = await timeCommand(
    'keepassxc-cli ls',
    'sh',
    ['-c', `printf '%s\\n' "$KP" | keepassxc-cli ls -q "$0"`, kdbx],
    { ...env, KP: password },
    'key-99',
    11,
  );
  const ratio = aikey / keepass;
  report(
    'keepassxc-cli ls (KDBX 4, same Argon2id cost)',
    `${keepass.toFixed(0)} ms  (aikey / keepassxc ${ratio.toFixed(2)}x)`,
    {
      ok: ratio <= 1.5,
      text: '<= 1.5x keepassxc-cli',
    },
  );
}

const root = mkdtempSync(join(tmpdir(), 'aikey-cli-bench-'));
const dataDir = join(root, 'data');
const wallet = createWallet({ dataDir, kdf: KDF_FLOOR });
try {
  await wallet.vault.create('correct horse battery staple 42!');
  wallet.keys.create({ provider: 'anthropic', secret: KEY });
  const { token } = wallet.tokens.create({ name: 'bench' });
  const endpoint = await startEndpoint({ wallet, dataDir, port: 0 });
  const env = {
    ...process.env,
    AIKEY_HOME: dataDir,
    AIKEY_TOKEN: token,
    PATH: `${join(process.cwd(), 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
  };

  heading('Fetch commands, whole process through bin/aikey.mjs (median of 25), beside a bare Node start');
  const node = await timeCommand(
    'node -e 0',
    process.execPath,
    ['-e', 'process.stdout.write("ok")'],
    env,
    'ok',
  );
  report('node -e 0 (the floor)', `${node.toFixed(1)} ms`);
  const commands: [string, string[], string][] = [
    ['aikey get anthropic', ['get', 'anthropic'], KEY],
    ['aikey get anthropic --json', ['get', 'anthropic', '--json'], KEY],
    ['aikey env', ['env'], 'ANTHROPIC_API_KEY'],
    ['aikey status', ['status'], 'running'],
    ['aikey exec -- true', ['exec', '--', 'true'], ''],
  ];
  let execMs = 0;
  for (const [label, args, expected] of commands) {
    const ms = await timeCommand(label, BIN, args, env, expected);
    if (label.startsWith('aikey exec')) execMs = ms;
    const ratio = ms / node;
    report(label, `${ms.toFixed(1)} ms  (${ratio.toFixed(2)}x node)`, {
      ok: ratio <= 2,
      text: '<= 2x node -e 0',
    });
    const peak = peakMiB(BIN, args, env);
    report(
      `  peak RSS`,
      peak === null
        ? 'not measured: GNU time is not installed (apt-get install time)'
        : `${peak.toFixed(1)} MiB`,
      peak === null ? undefined : { ok: peak <= 60, text: '<= 60 MiB' },
    );
  }

  heading('Run a command with keys in its environment (median of 25)');
  const envFile = join(root, '.env');
  writeFileSync(envFile, `ANTHROPIC_API_KEY=${KEY}\n`, { mode: 0o600 });
  const plain = await timeCommand('env X=y true', 'env', [`X=y`, 'true'], env, '');
  report('env X=y true (the floor)', `${plain.toFixed(1)} ms`);
  report('aikey exec -- true', `${execMs.toFixed(1)} ms`);
  if (existsSync(DOTENVX)) {
    const dotenvx = await timeCommand(
      'dotenvx run -- true',
      DOTENVX,
      ['run', '-f', envFile, '--quiet', '--', 'true'],
      env,
      '',
    );
    const ratio = dotenvx / execMs;
    report(
      'dotenvx run -f .env -- true',
      `${dotenvx.toFixed(1)} ms  (dotenvx / aikey ${ratio.toFixed(2)}x)`,
      {
        ok: ratio >= 3,
        text: 'aikey exec >= 3x faster than dotenvx run',
      },
    );
  } else {
    report('dotenvx run', 'not measured: @dotenvx/dotenvx is not installed (npm ci installs it)');
  }
  await endpoint.close();
  await unlockAndList(env);
} finally {
  wallet.close();
  rmSync(root, { recursive: true, force: true });
}
