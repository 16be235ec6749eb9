// `aikey hubs ...`: the command layer run in this process against two wallet homes and a hub (fast),
// plus the built CLI spawned once to show the dispatch. The invite code travels on standard input,
// never in argv.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hubsCommand } from '#cli/commands/hub-commands.js';
import { keysCommand } from '#cli/commands/admin-commands.js';
import { toCliError } from '#cli/exit-codes.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet } from '#core/wallet.js';
import { SAMPLE_KEYS, STRONG_PASSWORD } from '../../helpers/temp-wallet.js';
import { startHubEnv, type HubEnv } from './harness.js';

let root = '';
let passwordFile = '';
let env: HubEnv;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aikey hubs|keys <sub> ...args` the way main.ts dispatches it, with `stdin` as standard input. */
async function aikey(home: string, argv: string[], stdin = ''): Promise<Run> {
  const [command, sub, ...rest] = argv;
  const json = rest.includes('--json');
  const positionals = rest.filter((a) => !a.startsWith('--'));
  const flag = (name: string) => {
    const at = rest.indexOf(`--${name}`);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  const args = positionals.filter(
    (a) => a !== flag('name') && a !== flag('role') && a !== flag('expires') && a !== flag('hub'),
  );
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const input = Object.getOwnPropertyDescriptor(process, 'stdin');
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(stdin)]), configurable: true });
  vi.stubEnv('AIKEY_HOME', home);
  try {
    const admin = { json, passwordFile };
    if (command === 'keys') await keysCommand(admin, sub, args, { name: flag('name'), hub: flag('hub') });
    else
      await hubsCommand(admin, sub, args, {
        name: flag('name'),
        role: flag('role'),
        expires: flag('expires'),
      });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failure = toCliError(error);
    return { code: failure.exitCode, stdout, stderr: `aikey: ${failure.message}\n` };
  } finally {
    write.mockRestore();
    if (input) Object.defineProperty(process, 'stdin', input);
    vi.unstubAllEnvs();
  }
}

async function json<T>(home: string, args: string[], stdin = ''): Promise<T> {
  const result = await aikey(home, [...args, '--json'], stdin);
  expect([result.code, result.stderr]).toEqual([0, '']);
  return JSON.parse(result.stdout) as T;
}

/** A vault at the KDF floor (its header keeps the cost, so the CLI unlocks it at that cost). */
async function home(name: string): Promise<string> {
  const dataDir = join(root, name);
  const wallet = createWallet({ dataDir, kdf: KDF_FLOOR });
  await wallet.vault.create(STRONG_PASSWORD);
  wallet.close();
  return dataDir;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aikey-hubs-cli-'));
  passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${STRONG_PASSWORD}\n`, { mode: 0o600 });
  env = await startHubEnv({ kind: 'pglite' });
}, 60_000);

afterAll(async () => {
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('aikey hubs', () => {
  it('join, invite, sync, members, remove and leave, in text and --json', async () => {
    const [a, b] = [await home('a'), await home('b')];
    const team = await env.hub.createTeam('Team', { url: env.proxy.url });
    const joined = await json<{ role: string; status: string }>(
      a,
      ['hubs', 'join', '--name', 'Laptop A'],
      team.inviteCode,
    );
    expect(joined).toMatchObject({ role: 'owner', status: 'active' });

    const invite = await json<{ code: string }>(a, [
      'hubs',
      'invite',
      'Team',
      '--role',
      'member',
      '--expires',
      '2d',
    ]);
    expect(invite.code).toMatch(/^aikey-invite:/);
    expect(await json(b, ['hubs', 'join', '--name', 'Desk B'], invite.code)).toMatchObject({
      status: 'pending',
    });
    expect(await json(a, ['hubs', 'sync'])).toMatchObject([{ status: 'synced', approved: 1 }]);
    const reused = await aikey(await home('c'), ['hubs', 'join', '--name', 'Third'], invite.code);
    expect([reused.code, reused.stderr]).toEqual([11, expect.stringMatching(/^aikey: .*invite/i)]);

    const add = await aikey(
      a,
      ['keys', 'add', 'anthropic', '--hub', 'Team', '--name', 'shared'],
      SAMPLE_KEYS.anthropic,
    );
    expect(add.code).toBe(0);
    expect((await aikey(a, ['hubs', 'sync', 'Team'])).stdout).toContain('pushed 1, pulled 0');
    expect(await json(b, ['hubs', 'sync'])).toMatchObject([{ status: 'synced', pulled: 1 }]);
    expect((await aikey(b, ['keys', 'list'])).stdout).toMatch(/Team\s+anthropic\s+shared/);
    const members = await json<{ deviceName: string; trust: string }[]>(b, ['hubs', 'members', 'Team']);
    expect(members.map((m) => [m.deviceName, m.trust])).toEqual([
      ['Laptop A', 'verified'],
      ['Desk B', 'verified'],
    ]);

    expect(await json(a, ['hubs', 'remove', 'Team', 'Desk B'])).toMatchObject({ keyVersion: 2 });
    const removed = await aikey(b, ['hubs', 'sync']);
    expect([removed.code, removed.stdout]).toEqual([13, expect.stringContaining('removed from the hub')]);
    expect((await aikey(b, ['keys', 'list'])).stdout).not.toContain('shared');

    const listed = await aikey(a, ['hubs', 'list']);
    expect(listed.stdout).toMatch(/Team\s+owner\s+active\s+2\s+0/);
    expect((await aikey(a, ['hubs', 'invite'])).code).toBe(2);
    expect((await aikey(a, ['hubs', 'members', 'Nope'])).code).toBe(7);
    expect((await aikey(a, ['hubs', 'join'], 'aikey-invite:garbage')).code).toBe(2);
    const ownerLeaves = await aikey(a, ['hubs', 'leave', 'Team']);
    expect([ownerLeaves.code, ownerLeaves.stderr]).toEqual([
      2,
      'aikey: The owner cannot leave the hub it owns.\n',
    ]);
  });
});

describe('the built aikey CLI', () => {
  it('dispatches `aikey hubs` and lists it in --help', async () => {
    // The bundle `npm test` built before the tests (rebuilding it here would pull it from under
    // the CLI tests running beside this one).
    const bin = join(process.cwd(), 'out', 'cli', 'aikey.mjs');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('team hubs, synced end-to-end encrypted');
    const hubsHelp = spawnSync(process.execPath, [bin, 'hubs', 'join', '--help'], { encoding: 'utf8' });
    expect(hubsHelp.stdout).toContain('Usage: aikey hubs join [options]');
    const listed = spawnSync(
      process.execPath,
      [bin, 'hubs', 'list', '--json', '--password-file', passwordFile],
      {
        encoding: 'utf8',
        env: { ...process.env, AIKEY_HOME: await home('spawned') },
      },
    );
    expect([listed.status, listed.stdout, listed.stderr]).toEqual([0, '[]\n', '']);
  });
});
