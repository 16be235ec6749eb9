// The aikey command line: parses arguments and dispatches. Every failure ends in one clear line on
// stderr (or a JSON error with --json) and a documented exit code; no stack traces, no secrets.
// The fetch commands (get, env, exec, status) only talk HTTP, so they load no vault, database or KDF
// code: the admin commands, the hub commands and serve are imported when they run.
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { envCommand, execCommand, getCommand, statusCommand } from './commands/client-commands.js';
import { CliError, EXIT, toCliError } from './exit-codes.js';
import { oneLine, quoted } from './output.js';

const USAGE = `aikey: your AI provider keys, from the AIKey Wallet

Fetch keys from the running wallet (token from AIKEY_TOKEN or --token-file):
  aikey get <provider> [--name N] [--hub H]     print one key
  aikey env [providers...] [--key P[:NAME][@HUB]]... [--format sh|dotenv|json]
  aikey exec [--provider P]... [--key P[:NAME][@HUB]]... -- cmd [args...]
                                                 run cmd with the keys in its environment
  aikey status                                   is the wallet running, locked, who am I

Manage the vault (master password from a hidden prompt, --password-file or AIKEY_PASSWORD_FILE):
  aikey init                                     create the vault; prints the recovery key once
  aikey passwd [--new-password-file F]           change the master password (new one asked twice)
  aikey recover [--recovery-key-file F] [--new-password-file F]
                                                 new password with the recovery key; prints a new one
  aikey keys add <provider> [--name N] [--hub H] [--notes T] [--base-url U] [--expires 30d]
  aikey keys edit <id|provider/name> [--name N] [--notes T] [--base-url U] [--expires 30d|none]
                  [--value]                      --value: a new key value from stdin or a hidden prompt
  aikey keys reveal <id|provider/name> [--show]  print the key (to a terminal only with --show)
  aikey keys list [--deleted] | rm <id|provider/name> | restore <id|provider/name>
  aikey tokens create <name> [--providers a,b] [--hub H] [--keys n1,n2] [--expires 30d]
  aikey tokens edit <id|name> [--providers a,b|all] [--hub H|all] [--keys n1,n2|all]
                    [--expires 30d|none]         change scope or expiry; the token stays the same
  aikey tokens list | regenerate <id|name> | revoke <id|name>
  aikey audit [--limit N]
  aikey restore                                  put the newest backup in place of a damaged vault
  aikey hubs list | sync [hub] | members <hub> | leave <hub>   team hubs (end-to-end encrypted)
  aikey hubs join [--name DEVICE]                invite code from a hidden prompt or stdin
  aikey hubs invite <hub> [--role member|admin] [--expires 7d] | remove <hub> <member>

The headless wallet (the desktop app has its own Lock and Unlock):
  aikey serve [--port P]                         unlock and serve keys to tokens until stopped
  aikey unlock [--port P]                        the same as aikey serve
  aikey lock                                     stop this data directory's aikey serve (locks it)

Every command takes --json; aikey --version prints the version.
Exit codes: 0 ok, 1 failure, 2 bad usage, 3 wallet not running, 4 locked, 5 bad token,
6 out of scope, 7 key missing, 8 wrong password, 9 vault damaged or missing, 10 vault busy (try again),
11 refused by the hub, 12 hub unreachable, 13 removed from a hub, 14 hub tampering detected,
15 Node.js too old (the launcher), 130 cancelled at a prompt.`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  'token-file': { type: 'string' },
  'password-file': { type: 'string' },
  name: { type: 'string' },
  hub: { type: 'string' },
  format: { type: 'string' },
  provider: { type: 'string', multiple: true },
  key: { type: 'string', multiple: true },
  notes: { type: 'string' },
  'base-url': { type: 'string' },
  expires: { type: 'string' },
  providers: { type: 'string' },
  keys: { type: 'string' },
  deleted: { type: 'boolean' },
  limit: { type: 'string' },
  port: { type: 'string' },
  role: { type: 'string' },
  'new-password-file': { type: 'string' },
  'recovery-key-file': { type: 'string' },
  value: { type: 'boolean' },
  show: { type: 'boolean' },
} as const;

/** Decimal digits only: Number() would also take "", " 80", "0x50" and "1e3". */
function wholeNumber(text: string | undefined, flag: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n <= max)) throw new CliError(EXIT.usage, 'Usage', `${flag} takes a whole number from 0 to ${max}.`);
  return n;
}

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

/**
 * A flag given an empty value is a mistake (often an unset shell variable), never "use the default".
 * The one exception: `keys edit --notes ""` and `--base-url ""` clear what they name.
 */
function refuseEmptyValues(values: Record<string, unknown>, clearable: readonly string[]): void {
  for (const [name, value] of Object.entries(values)) {
    if (clearable.includes(name)) continue;
    if (value === '' || (Array.isArray(value) && value.includes(''))) {
      throw new CliError(EXIT.usage, 'Usage', `--${name} needs a value; it was given an empty one.`);
    }
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

async function run(argv: string[]): Promise<number> {
  const dashDash = argv.indexOf('--');
  const own = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
  const rest = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  let parsed;
  try {
    parsed = parseArgs({ args: own, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(EXIT.usage, 'Usage', `${(error as Error).message.split('\n')[0]} (see aikey --help)`);
  }
  const { values: v, positionals } = parsed;
  const [command, ...args] = positionals;
  refuseEmptyValues(v, command === 'keys' && args[0] === 'edit' ? ['notes', 'base-url'] : []);
  if (v.version) {
    process.stdout.write(`aikey ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (v.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !v.help ? EXIT.usage : EXIT.ok;
  }
  checkDataDirVariable();
  const json = v.json ?? false;
  const client = { tokenFile: v['token-file'] };
  const admin = { json, passwordFile: v['password-file'] };
  switch (command) {
    case 'get':
      if (!args[0])
        throw new CliError(EXIT.usage, 'Usage', 'Usage: aikey get <provider> [--name N] [--hub H]');
      await getCommand(client, args[0], v.name, v.hub);
      return EXIT.ok;
    case 'env':
      await envCommand(client, args, v.key ?? [], json ? 'json' : (v.format ?? 'sh'));
      return EXIT.ok;
    case 'exec':
      return execCommand(client, v.provider ?? [], v.key ?? [], rest);
    case 'status':
      await statusCommand(client, json);
      return EXIT.ok;
    case 'init':
      await (await import('./commands/admin-commands.js')).initCommand(admin);
      return EXIT.ok;
    case 'passwd':
    case 'recover': {
      const account = await import('./commands/account-commands.js');
      const options = {
        ...admin,
        newPasswordFile: v['new-password-file'],
        recoveryKeyFile: v['recovery-key-file'],
      };
      await (command === 'passwd' ? account.passwdCommand(options) : account.recoverCommand(options));
      return EXIT.ok;
    }
    case 'keys':
      if (args[0] === 'edit') {
        await (
          await import('./commands/account-commands.js')
        ).keysEditCommand(admin, args.slice(1), {
          name: v.name,
          notes: v.notes,
          baseUrl: v['base-url'],
          expires: v.expires,
          value: v.value,
        });
        return EXIT.ok;
      }
      if (args[0] === 'reveal') {
        await (
          await import('./commands/account-commands.js')
        ).keysRevealCommand(admin, args.slice(1), v.show ?? false);
        return EXIT.ok;
      }
      await (
        await import('./commands/admin-commands.js')
      ).keysCommand(admin, args[0], args.slice(1), {
        name: v.name,
        hub: v.hub,
        notes: v.notes,
        baseUrl: v['base-url'],
        expires: v.expires,
        deleted: v.deleted ?? false,
      });
      return EXIT.ok;
    case 'tokens': {
      const flags = { providers: v.providers, hub: v.hub, keys: v.keys, expires: v.expires };
      if (args[0] === 'edit')
        await (await import('./commands/account-commands.js')).tokensEditCommand(admin, args.slice(1), flags);
      else
        await (
          await import('./commands/admin-commands.js')
        ).tokensCommand(admin, args[0], args.slice(1), flags);
      return EXIT.ok;
    }
    case 'restore':
      await (await import('./commands/admin-commands.js')).restoreCommand(admin);
      return EXIT.ok;
    case 'audit':
      await (
        await import('./commands/admin-commands.js')
      ).auditCommand(admin, wholeNumber(v.limit, '--limit', 50, 500) || 50);
      return EXIT.ok;
    case 'hubs':
      await (
        await import('./commands/hub-commands.js')
      ).hubsCommand(admin, args[0], args.slice(1), { role: v.role, name: v.name, expires: v.expires });
      return EXIT.ok;
    case 'lock':
      await (await import('./commands/lock.js')).lockCommand({ json });
      return EXIT.ok;
    case 'serve':
    case 'unlock':
      await (
        await import('./commands/serve.js')
      ).serveCommand({
        ...admin,
        port: v.port === undefined ? undefined : wholeNumber(v.port, '--port', 0, 65_535),
      });
      return EXIT.ok;
    default:
      throw new CliError(EXIT.usage, 'Usage', `Unknown command ${quoted(command)} (see aikey --help).`);
  }
}

const json = process.argv.includes('--json');
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const failure = toCliError(error);
    if (json)
      process.stderr.write(
        `${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`,
      );
    else process.stderr.write(`aikey: ${oneLine(failure.message)}\n`);
    process.exitCode = failure.exitCode;
  },
);
