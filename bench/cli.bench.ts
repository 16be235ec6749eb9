// The CLI as people run it in loops: every fetch command (get, env, exec, status) as a whole process
// through bin/aikey.mjs, beside a bare `node -e 0` start in the same run; `exec -- true` beside
// dotenvx's `run -- true` and `env X=y true`; and each command's peak memory (GNU time's max RSS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { startEndpoint } from '#core/endpoint/server.js';
import { createWallet } from '#core/wallet.js';
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
} finally {
  wallet.close();
  rmSync(root, { recursive: true, force: true });
}
