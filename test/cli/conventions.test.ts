// The conventions a user of gh, op or doppler expects from aikey: help for every command with an
// example, one-line usage errors that never echo a stray (maybe pasted) key, completions for bash,
// zsh and fish, NO_COLOR, times with their zone, and Ctrl-C ending with 130.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '#cli/program.js';
import { AIKEY_BIN, aikeyEnv, runAikey } from '#test/helpers/aikey-process.js';
import { cliVault } from '#test/helpers/cli-vault.js';
import { hasScript, inTerminal } from '#test/helpers/terminal.js';
import { SAMPLE_KEYS, tempDir } from '#test/helpers/temp-wallet.js';

/** A data directory with no vault and no wallet (tempDir's folders are removed after each test). */
const home = join(tmpdir(), 'aikey-conventions-no-vault');
const aikey = (args: string[], env: NodeJS.ProcessEnv = {}) => runAikey(home, args, { env });

/** Every command path the CLI declares: "get", "keys add", … */
async function commandPaths(): Promise<string[]> {
  const program = await buildProgram('0', { exitCode: 0 });
  return program.commands.flatMap((c) => [c.name(), ...c.commands.map((s) => `${c.name()} ${s.name()}`)]);
}

const has = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;
for (const shell of ['zsh', 'fish']) {
  if (!has(shell))
    console.log(`${shell} completion test skipped: ${shell} is not installed (apt-get install -y ${shell})`);
}

describe('help and usage errors', () => {
  it('every command and subcommand has its own --help with its usage, options and an example', async () => {
    const paths = await commandPaths();
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const help = await aikey([...path.split(' '), '--help']);
      expect([path, help.code]).toEqual([path, 0]);
      expect(help.stdout).toContain(`Usage: aikey ${path}`);
      const isGroup = ['keys', 'tokens', 'hubs'].includes(path);
      if (!isGroup) expect([path, help.stdout]).toEqual([path, expect.stringMatching(/Examples?:\n {2}\$ /)]);
      if (!isGroup && path !== 'help') expect(help.stdout).toContain('--json');
    }
  });

  it('an option a command does not take is refused in one line naming that command’s help', async () => {
    for (const [args, help] of [
      [['get', 'openai', '--deleted'], 'aikey get --help'],
      [['keys', 'list', '--limit', '3'], 'aikey keys list --help'],
      [['tokens', 'create'], 'aikey tokens create --help'],
      [['nosuch'], 'aikey --help'],
    ] as const) {
      const result = await aikey([...args]);
      expect([args, result.code]).toEqual([args, 2]);
      expect(result.stderr).toMatch(new RegExp(`^aikey: [^\\n]+\\(see ${help}\\)\\.\\n$`));
    }
  });

  it('a key pasted where a command or argument goes is never echoed back', async () => {
    const key = SAMPLE_KEYS.openai;
    for (const args of [
      [key],
      ['get', 'openai', key],
      ['completion', key],
      ['keys', key],
      ['keys', 'rm', 'a', key],
    ]) {
      const result = await aikey(args);
      expect([args.length, result.code]).toEqual([args.length, 2]);
      expect(result.stderr).not.toContain(key.slice(8));
      expect(result.stderr).toMatch(/^aikey: [^\n]+\n$/);
    }
  });

  it('a group without its subcommand shows the group’s help and exits 2', async () => {
    const result = await aikey(['tokens']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: aikey tokens');
    expect(result.stderr).toContain('regenerate');
  });
});

describe('completions', () => {
  const script = (shell: string) => {
    const result = spawnSync(AIKEY_BIN, ['completion', shell], { env: aikeyEnv(home), encoding: 'utf8' });
    expect(result.status).toBe(0);
    const file = join(tempDir('aikey-completion-'), `completion.${shell}`);
    writeFileSync(file, result.stdout);
    return file;
  };

  it('bash completes commands, subcommands, providers, option values and the command after --', () => {
    const file = script('bash');
    const complete = (line: string) => {
      const words = line.split(' ');
      const result = spawnSync(
        'bash',
        [
          '-c',
          `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _aikey; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      );
      return result.stdout.trim().split('\n').filter(Boolean).sort();
    };
    expect(complete('aikey ke')).toEqual(['keys']);
    expect(complete('aikey keys ')).toEqual(
      expect.arrayContaining(['add', 'edit', 'list', 'reveal', 'rm', 'restore']),
    );
    expect(complete('aikey keys add an')).toEqual(['anthropic']);
    expect(complete('aikey keys list --')).toEqual(['--deleted', '--help', '--json', '--password-file']);
    expect(complete('aikey env --format d')).toEqual(['dotenv']);
    expect(complete('aikey get --name tokens ')).toEqual(expect.arrayContaining(['openai', '--hub']));
    expect(complete('aikey exec -- ech')).toContain('echo');
  });

  it.runIf(has('zsh'))('zsh offers the same words through _describe', () => {
    const file = script('zsh');
    const complete = (line: string) => {
      const words = line.split(' ');
      const result = spawnSync(
        'zsh',
        [
          '-c',
          `compdef() { :; }; _describe() { print -l -- "\${(@P)2}"; }; _files() { print FILES; }; _command_names() { print COMMANDS; }
           source ${file}; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _aikey`,
        ],
        { encoding: 'utf8' },
      );
      expect(result.stderr).toBe('');
      return result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]!.replace(/\\$/, ''));
    };
    expect(complete('aikey tok')).toContain('tokens');
    expect(complete('aikey tokens ')).toEqual(
      expect.arrayContaining(['create', 'edit', 'list', 'regenerate', 'revoke']),
    );
    expect(complete('aikey keys add --password-file ')).toEqual(['FILES']);
    expect(complete('aikey exec -- ')).toEqual(['COMMANDS']);
  });

  it.runIf(has('fish'))('fish completes from its own complete -C', () => {
    const file = script('fish');
    const complete = (line: string) => {
      const result = spawnSync('fish', ['-c', `source ${file}; complete -C '${line}'`], { encoding: 'utf8' });
      return result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]);
    };
    expect(complete('aikey hu')).toEqual(['hubs']);
    expect(complete('aikey hubs ')).toEqual(
      expect.arrayContaining(['invite', 'join', 'list', 'members', 'sync']),
    );
    expect(complete('aikey get ')).toEqual(expect.arrayContaining(['openai', 'anthropic']));
    expect(complete('aikey restore --')).toEqual(expect.arrayContaining(['--json', '--password-file']));
    expect(complete('aikey restore --')).not.toContain('--deleted');
  });
});

describe('output for people', () => {
  it.runIf(hasScript)('colours only at a terminal, and never with NO_COLOR', async () => {
    const line = `${AIKEY_BIN} get openai`;
    const coloured = await inTerminal(line, aikeyEnv(home, { TERM: 'xterm' }));
    expect(coloured.screen).toContain('\u001b[31maikey:\u001b[0m');
    const plain = await inTerminal(line, aikeyEnv(home, { TERM: 'xterm', NO_COLOR: '1' }));
    expect(plain.code).toBe(3);
    expect(plain.screen).not.toContain('\u001b[');
    const piped = await aikey(['get', 'openai'], { TERM: 'xterm' });
    expect(piped.stderr).toMatch(/^aikey: The wallet is not running/);
  });

  it('prints times in local time with the zone', async () => {
    const v = await cliVault();
    const pw = ['--password-file', v.passwordFile];
    expect((await v.aikey(['tokens', 'create', 'ci', '--expires', '2030-06-01', ...pw])).code).toBe(0);
    const india = await v.aikey(['tokens', 'list', ...pw], { env: { TZ: 'Asia/Kolkata' } });
    expect(india.stdout).toMatch(/2030-06-01 \d\d:\d\d \+05:30/);
    const utc = await v.aikey(['tokens', 'list', ...pw], { env: { TZ: 'UTC' } });
    expect(utc.stdout).toMatch(/2030-06-01 \d\d:\d\d UTC/);
    const newYork = await v.aikey(['tokens', 'list', ...pw], { env: { TZ: 'America/New_York' } });
    expect(newYork.stdout).toMatch(/-04:00/);
  });
});

describe('Ctrl-C', () => {
  it('ends a command waiting on the wallet with exit code 130, not a signal death', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const child = spawn(AIKEY_BIN, ['get', 'openai'], {
      env: aikeyEnv(home, {
        AIKEY_URL: `http://127.0.0.1:${port}`,
        AIKEY_TOKEN: `aik_abcdefghijkl_${'a'.repeat(43)}`,
      }),
    });
    await new Promise<void>((resolve) => silent.once('connection', () => resolve()));
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    silent.close();
    expect([code, signal]).toEqual([130, null]);
  });

  it('stops aikey serve cleanly (the vault locked, endpoint.json gone) and exits 130', async () => {
    const v = await cliVault();
    const server = spawn(AIKEY_BIN, ['serve', '--port', '0', '--password-file', v.passwordFile], {
      env: aikeyEnv(v.home),
    });
    let out = '';
    await new Promise<void>((resolve) =>
      server.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('serving')) resolve();
      }),
    );
    server.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => server.on('close', resolve));
    expect(code).toBe(130);
    expect(out).toContain('stopped; the vault is locked');
    const status = await v.aikey(['status']);
    expect(status.code).toBe(3);
  });
});
