// `aikey lock` stops this data directory's `aikey serve` (which locks as it exits) and `aikey unlock`
// starts it again. It signals only a process it has proved to be that wallet: a stale endpoint.json
// naming some other live process, a pid the answering wallet does not confirm, and the desktop app's
// endpoint are all refused, and nothing is stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive } from '#core/endpoint/discovery.js';
import { startEndpoint } from '#core/endpoint/server.js';
import { createWallet } from '#core/wallet.js';
import { AIKEY_BIN, aikeyEnv } from '../helpers/aikey-process.js';
import { cliVault, type CliVault } from '../helpers/cli-vault.js';
import { STRONG_PASSWORD } from '../helpers/temp-wallet.js';

interface Running {
  child: ChildProcess;
  pid: number;
  url: string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];
afterEach(() => {
  while (started.length > 0) started.pop()!.kill('SIGKILL');
});

/** Starts `aikey serve|unlock --port 0` and waits for its line. */
function serve(v: CliVault, command = 'serve'): Promise<Running> {
  const child = spawn(AIKEY_BIN, [command, '--port', '0', '--password-file', v.passwordFile], {
    env: aikeyEnv(v.home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${seen}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /serving (\S+) \(pid (\d+)\)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, pid: Number(match[2]), exited });
      }
    });
  });
}

/** A live process that is not a wallet (what a reused pid may belong to). */
function bystander(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  started.push(child);
  return child;
}

const discovery = (v: CliVault) => join(v.home, 'endpoint.json');

describe('aikey lock', () => {
  it('stops the running aikey serve, which locks and removes endpoint.json; unlock starts it again', async () => {
    const v = await cliVault();
    const first = await serve(v);
    const status = await v.aikey(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ url: first.url, pid: first.pid, runner: 'serve' });
    const locked = await v.aikey(['lock']);
    expect([locked.code, locked.stderr]).toEqual([0, '']);
    expect(locked.stdout).toBe(
      `Stopped aikey serve (pid ${first.pid}): the headless wallet is locked. Unlock with \`aikey unlock\`.\n`,
    );
    expect(await first.exited).toBe(0);
    expect(existsSync(discovery(v))).toBe(false);
    expect((await v.aikey(['status'])).code).toBe(3);

    const second = await serve(v, 'unlock');
    const json = await v.aikey(['lock', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ stopped: true, pid: second.pid, url: second.url });
    expect(await second.exited).toBe(0);
  });

  it('exits 3 when no aikey serve runs here, or endpoint.json is stale', async () => {
    const v = await cliVault();
    const none = await v.aikey(['lock', '--json']);
    expect(none.code).toBe(3);
    expect(JSON.parse(none.stderr)).toEqual({
      error: {
        code: 'NotRunning',
        message: 'No `aikey serve` is running for this data directory; nothing to lock.',
      },
    });
    // A stale file naming a process that is gone, then one naming a live stranger where nothing listens.
    writeFileSync(
      discovery(v),
      JSON.stringify({ url: 'http://127.0.0.1:9', pid: 2 ** 22 + 1, version: '1' }),
    );
    expect((await v.aikey(['lock'])).code).toBe(3);
    const stranger = bystander();
    writeFileSync(
      discovery(v),
      JSON.stringify({ url: 'http://127.0.0.1:9', pid: stranger.pid, version: '1' }),
    );
    const stale = await v.aikey(['lock']);
    expect([stale.code, stale.stderr]).toEqual([
      3,
      `aikey: Nothing answers at http://127.0.0.1:9, so pid ${stranger.pid} was not signalled.\n`,
    ]);
    expect(isProcessAlive(stranger.pid!)).toBe(true);
  });

  it('refuses (exit 1) when the wallet answering at the URL is not the pid endpoint.json names', async () => {
    const v = await cliVault();
    const running = await serve(v);
    const stranger = bystander();
    const published = readFileSync(discovery(v), 'utf8');
    writeFileSync(discovery(v), JSON.stringify({ url: running.url, pid: stranger.pid, version: '1' }));
    const refused = await v.aikey(['lock']);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      `aikey: The wallet at ${running.url} did not confirm it is pid ${stranger.pid}, which endpoint.json names; nothing was stopped.\n`,
    ]);
    expect(isProcessAlive(stranger.pid!)).toBe(true);
    expect(isProcessAlive(running.pid)).toBe(true);
    writeFileSync(discovery(v), published);
    expect((await v.aikey(['lock'])).code).toBe(0);
    expect(await running.exited).toBe(0);
  });

  it('never stops the desktop app: its endpoint says runner desktop, and lock refuses (exit 1)', async () => {
    const v = await cliVault();
    const wallet = createWallet({ dataDir: v.home });
    await wallet.vault.unlock(STRONG_PASSWORD);
    // This test process stands in for the desktop app, serving the endpoint in-process.
    const endpoint = await startEndpoint({ wallet, dataDir: v.home, port: 0 });
    try {
      const refused = await v.aikey(['lock', '--json']);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stderr)).toEqual({
        error: {
          code: 'DesktopWallet',
          message:
            'The wallet here is the desktop app: lock it there (`aikey lock` stops only `aikey serve`).',
        },
      });
      expect(wallet.vault.isUnlocked()).toBe(true);
      expect(existsSync(discovery(v))).toBe(true);
    } finally {
      await endpoint.close();
      wallet.close();
    }
  });
});
