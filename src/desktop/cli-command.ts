// "Install the aikey command", as editors install theirs: a small launcher script in the user's own
// bin folder (no administrator rights) that runs the CLI the app ships with the Node.js on PATH.
// It never replaces a file it did not write (the marker line says which are ours), writes through a
// temporary file and a rename, and reports whether a shell will find the folder on PATH.
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { CliCommandStatus } from '#shared/schemas/cli-command.js';

export const CLI_MARKER = 'Installed by AIKey Wallet (Settings > Command line)';

export interface CliCommandOptions {
  platform: NodeJS.Platform;
  homeDir: string;
  /** The PATH the app was started with. */
  pathEnv: string;
  /** %LOCALAPPDATA% on Windows. */
  localAppData?: string | undefined;
  /** The CLI launcher the app ships (resources/cli/bin/aikey.mjs), or null when it carries none. */
  launcher: string | null;
}

const shQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function target(options: CliCommandOptions): string {
  if (options.platform === 'win32') {
    const base = options.localAppData ?? join(options.homeDir, 'AppData', 'Local');
    return join(base, 'Programs', 'AIKey Wallet', 'bin', 'aikey.cmd');
  }
  return join(options.homeDir, '.local', 'bin', 'aikey');
}

function script(options: CliCommandOptions, launcher: string): string {
  if (options.platform === 'win32') {
    return [
      '@echo off',
      `rem ${CLI_MARKER}`,
      'where node >nul 2>nul || (echo aikey: needs Node.js 22.12 or newer on PATH 1>&2 & exit /b 15)',
      `node "${launcher}" %*`,
      '',
    ].join('\r\n');
  }
  return [
    '#!/bin/sh',
    `# ${CLI_MARKER}: runs the aikey command the app ships.`,
    'command -v node >/dev/null 2>&1 || { echo "aikey: needs Node.js 22.12 or newer on PATH" >&2; exit 15; }',
    `exec node ${shQuote(launcher)} "$@"`,
    '',
  ].join('\n');
}

function ours(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').includes(CLI_MARKER);
  } catch {
    return false;
  }
}

export class CliCommand {
  constructor(private readonly options: CliCommandOptions) {}

  status(): CliCommandStatus {
    const path = target(this.options);
    const folder = dirname(path);
    const exists = existsSync(path);
    const installed = exists && ours(path);
    const sep = this.options.platform === 'win32' ? ';' : delimiter;
    return {
      available: this.options.launcher !== null && existsSync(this.options.launcher),
      path,
      installed,
      onPath: this.options.pathEnv.split(sep).some((entry) => entry.replace(/[\\/]+$/, '') === folder),
      conflict:
        exists && !installed
          ? `${path} already exists and was not written by AIKey Wallet; it was left alone. Remove it, or install aikey with npm instead.`
          : null,
    };
  }

  /** Writes (or refreshes) the launcher script; refuses to touch a file it did not write. */
  install(): CliCommandStatus {
    const before = this.status();
    const launcher = this.options.launcher;
    if (!before.available || launcher === null || before.conflict !== null) return before;
    mkdirSync(dirname(before.path), { recursive: true });
    const temporary = `${before.path}.${process.pid}.tmp`;
    writeFileSync(temporary, script(this.options, launcher), { mode: 0o755 });
    renameSync(temporary, before.path);
    return this.status();
  }
}
