// The aikey command line's entry: builds the command tree (program.ts), runs it, and turns every
// failure into one clear line on stderr (or a JSON error with --json) and a documented exit code; no
// stack traces, no secrets. Ctrl-C exits 130 wherever it lands, except in the commands that own the
// signal (exec passes it to the child, serve stops cleanly first).
import { readFileSync, statSync } from 'node:fs';
import { type Command, CommanderError } from 'commander';
import { CliError, EXIT, toCliError } from './exit-codes.js';
import { oneLine, quoted } from './output.js';
import { buildProgram } from './program.js';
import { paint } from './style.js';

/** The installed package's version: package.json sits two folders above the bundle (out/cli/). */
function packageVersion(): string {
  try {
    const found = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof found.version === 'string' ? found.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** AIKEY_HOME names the data directory: a file there is a mistake, not a place to create a vault. */
function checkDataDirVariable(): void {
  const home = process.env.AIKEY_HOME;
  if (!home) return;
  let isDirectory = true;
  try {
    isDirectory = statSync(home).isDirectory();
  } catch {
    // Not there yet: it is created when a vault is.
  }
  if (!isDirectory)
    throw new CliError(EXIT.usage, 'Usage', `AIKEY_HOME must be a directory; ${quoted(home)} is not one.`);
}

/** Commands that handle SIGINT themselves. */
const OWN_SIGINT = new Set(['exec', 'run', 'serve', 'unlock']);

/** The command the words name, as far as they name one: "keys list" for `keys list --limit 3`. */
function commandPath(program: Command, argv: string[]): string[] {
  const path: string[] = [];
  let at = program;
  for (const word of argv) {
    if (word.startsWith('-')) continue;
    const next = at.commands.find((c) => c.name() === word);
    if (!next) break;
    path.push(word);
    at = next;
  }
  return path;
}

/**
 * commander's own failures (unknown option, missing argument, …) as a usage error in one line. Its
 * messages echo the words it refused, and a stray word may be a pasted key: those messages are
 * rewritten to name only what the command expected.
 */
function usageError(error: CommanderError, program: Command, argv: string[]): CliError {
  const path = commandPath(program, argv);
  const help = ['aikey', ...path, '--help'].join(' ');
  const command = path.length > 0 ? `aikey ${path.join(' ')}` : 'aikey';
  const echoes: Record<string, string> = {
    'commander.excessArguments': `Too many arguments for \`${command}\``,
    'commander.unknownCommand': `Unknown command for \`${command}\``,
    'commander.invalidArgument': `An argument \`${command}\` does not take`,
  };
  const message =
    echoes[error.code] ??
    error.message
      .replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  return new CliError(
    EXIT.usage,
    'Usage',
    `${message.charAt(0).toUpperCase()}${message.slice(1)} (see ${help}).`,
  );
}

async function run(argv: string[]): Promise<number> {
  const outcome = { exitCode: EXIT.ok as number };
  const program = await buildProgram(packageVersion(), outcome, argv[0]);
  program.exitOverride();
  program.configureOutput({ outputError: () => {} });
  for (const command of program.commands) {
    command.exitOverride();
    command.configureOutput({ outputError: () => {} });
    for (const sub of command.commands) {
      sub.exitOverride();
      sub.configureOutput({ outputError: () => {} });
    }
  }
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  if (!OWN_SIGINT.has(argv[0] ?? '')) {
    process.once('SIGINT', () => {
      process.stderr.write('\n');
      process.exit(EXIT.interrupted);
    });
  }
  checkDataDirVariable();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version print and end with 0; a group without its subcommand prints its help.
    if (error.exitCode === 0) return EXIT.ok;
    if (error.code === 'commander.help' || error.code === 'commander.helpDisplayed') return EXIT.usage;
    throw usageError(error, program, argv);
  }
  return outcome.exitCode;
}

/**
 * The copy of aikey the desktop app installs carries the bundle but not the native modules (they
 * are built for Electron there): its fetch commands work, its vault commands say where to go.
 */
function missingNativeModule(error: unknown): CliError | null {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' || typeof message !== 'string') return null;
  if (!/better-sqlite3|@node-rs\/argon2/.test(message)) return null;
  return new CliError(
    EXIT.failure,
    'VaultModulesMissing',
    'This aikey (the one the desktop app installs) runs get, env, exec and status only: manage the vault in the desktop app, or install aikey with npm for the vault commands (README: Install).',
  );
}

const json = process.argv.includes('--json');
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const failure = missingNativeModule(error) ?? toCliError(error);
    if (json)
      process.stderr.write(
        `${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`,
      );
    else process.stderr.write(`${paint(process.stderr, 'red', 'aikey:')} ${oneLine(failure.message)}\n`);
    process.exitCode = failure.exitCode;
  },
);
