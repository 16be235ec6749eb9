// Claude Code's apiKeyHelper contract, for `aikey get anthropic`: Claude Code runs the configured
// command in /bin/sh and sends whatever it prints as the API key. So the helper prints the key and
// one newline and exits 0, and on any failure exits non-zero with NOTHING on stdout (an error
// message there would be sent as the key), its one line going to stderr.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { AIKEY_BIN, aikeyEnv, type AikeyResult } from '../helpers/aikey-process.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, tempDir, unlockedWallet } from '../helpers/temp-wallet.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const HELPER = `"${AIKEY_BIN}" get anthropic`;

/** Runs a settings.json apiKeyHelper command as Claude Code does: `/bin/sh -c <command>`. */
function runHelper(home: string, env: NodeJS.ProcessEnv): Promise<AikeyResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', HELPER], {
      env: aikeyEnv(home, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function setup() {
  const home = tempDir('aikey-helper-');
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  const { token } = wallet.tokens.create({ name: 'claude-code', scope: { providers: ['anthropic'] } });
  return { home, wallet, endpoint, env: { AIKEY_URL: endpoint.url, AIKEY_TOKEN: token } };
}

describe('aikey get anthropic as Claude Code apiKeyHelper', () => {
  it('prints only the key and one newline, exits 0, says nothing on stderr', async () => {
    const { home, env } = await setup();
    const result = await runHelper(home, env);
    expect(result).toEqual({ code: 0, stdout: `${SAMPLE_KEYS.anthropic}\n`, stderr: '' });
  });

  it('locked wallet: exits non-zero (4) with nothing on stdout, one line on stderr', async () => {
    const { home, wallet, env } = await setup();
    wallet.vault.lock();
    const locked = await runHelper(home, env);
    expect([locked.code, locked.stdout]).toEqual([4, '']);
    expect(locked.stderr).toBe('aikey: The wallet is locked. Unlock it and try again.\n');
    // Unlocked again, the same helper works at once.
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect((await runHelper(home, env)).stdout).toBe(`${SAMPLE_KEYS.anthropic}\n`);
  });

  it('every other failure too: nothing on stdout, a distinct non-zero exit code', async () => {
    const { home, endpoint, env } = await setup();
    const cases: [string, NodeJS.ProcessEnv, number][] = [
      ['bad token', { ...env, AIKEY_TOKEN: 'aik_wrong' }, 5],
      ['no token', { ...env, AIKEY_TOKEN: '' }, 5],
      ['no wallet running', { ...env, AIKEY_URL: '' }, 3],
    ];
    for (const [label, extra, code] of cases) {
      const result = await runHelper(home, extra);
      expect([label, result.code, result.stdout]).toEqual([label, code, '']);
      expect(result.stderr).toMatch(/^aikey: .+\n$/);
    }
    await endpoint.close();
    running.pop();
    const stopped = await runHelper(home, env);
    expect([stopped.code, stopped.stdout]).toEqual([3, '']);
    expect(stopped.stderr).toMatch(/^aikey: The wallet is not answering at http:\/\/127\.0\.0\.1:\d+\./);
  });
});
