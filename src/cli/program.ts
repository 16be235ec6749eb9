// The aikey command tree, declared with commander: every command and subcommand has its own usage,
// options, an example and --json, and refuses options and arguments it does not take. Actions only
// route: the fetch commands run from the entry chunk, everything that opens the vault is imported
// when it runs (start-up is a feature for the commands people run in loops).
import { Argument, Command, Option } from 'commander';
import { envCommand, execCommand, getCommand, statusCommand } from './commands/client-commands.js';
import type { MaskingMode } from './child-runner.js';
import { CliError, EXIT } from './exit-codes.js';
import { collect, example, jsonOption, type Outcome } from './command-options.js';

export const EXIT_CODES_HELP = `Exit codes:
  0 ok, 1 failure, 2 bad usage, 3 wallet not running, 4 locked, 5 bad token, 6 out of scope,
  7 key missing, 8 wrong password, 9 vault damaged or missing, 10 vault busy (try again),
  11 refused by the hub, 12 hub unreachable, 13 removed from a hub, 14 hub tampering detected,
  15 Node.js too old (the launcher), 130 cancelled (Ctrl-C)`;

const ROOT_HELP = `
Fetch commands talk to the running wallet (the desktop app or \`aikey serve\`) with the token in
AIKEY_TOKEN or --token-file. Vault commands open the vault with the master password from a hidden
prompt, --password-file or AIKEY_PASSWORD_FILE. AIKEY_HOME names the data directory.

Every command takes --json (shapes: docs/cli-json.md) and --help.
Times are printed in local time with their zone. NO_COLOR turns colour off.

${EXIT_CODES_HELP}

Example:
  $ aikey exec -- python agent.py`;

interface ExecFlags {
  provider?: string[];
  key?: string[];
  tokenFile?: string;
  broker?: boolean;
  masking?: boolean;
  mask?: boolean;
}

/** --mask forces masking on, --no-masking turns it off; by default it is on when output is not a terminal. */
function maskingMode(o: ExecFlags): MaskingMode {
  if (o.mask && o.masking === false)
    throw new CliError(EXIT.usage, 'Usage', '--mask and --no-masking cannot be used together.');
  return o.mask ? 'on' : o.masking === false ? 'off' : 'auto';
}

/** Options every fetch command takes. */
function fetchCommand(parent: Command, name: string, summary: string): Command {
  return parent
    .command(name)
    .description(summary)
    .addOption(jsonOption())
    .option('--token-file <file>', 'read the access token from this file instead of AIKEY_TOKEN');
}

/**
 * A flag given an empty value is a mistake (often an unset shell variable), never "use the
 * default". `keys edit --notes ""` and `--base-url ""` are the exception: they clear what they name.
 */
function refuseEmptyValues(command: Command): void {
  const clearable =
    command.name() === 'edit' && command.parent?.name() === 'keys' ? ['notes', 'baseUrl'] : [];
  for (const option of command.options) {
    const key = option.attributeName();
    if (clearable.includes(key)) continue;
    const value: unknown = command.getOptionValue(key);
    if (value === '' || (Array.isArray(value) && value.includes(''))) {
      throw new CliError(
        EXIT.usage,
        'Usage',
        `${option.long ?? key} needs a value; it was given an empty one.`,
      );
    }
  }
}

/** The commands that talk to the running wallet: their declarations are all `aikey get` loads. */
const FETCH_COMMANDS = new Set(['get', 'env', 'exec', 'run', 'inject', 'status']);

/**
 * The command tree. For a fetch command (`first` is the first word typed) the vault commands are
 * left out: their declarations load only when a vault command, help or completion needs them.
 */
export async function buildProgram(version: string, outcome: Outcome, first?: string): Promise<Command> {
  const program = new Command('aikey')
    .description('aikey: your AI provider keys, from the AIKey Wallet')
    .version(`aikey ${version}`, '--version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .addHelpText('after', ROOT_HELP);
  program.hook('preAction', (_root, action) => refuseEmptyValues(action));

  example(
    fetchCommand(program, 'get', 'print one key (and nothing else) to stdout')
      .argument('<provider>', 'openai, anthropic, google, …')
      .option('--name <name>', 'the key name (default: "default")')
      .option('--hub <hub>', 'the hub, by name or id'),
    'aikey get anthropic',
    'OPENAI_API_KEY=$(aikey get openai --name work) some-tool',
  ).action(
    async (provider: string, o: { name?: string; hub?: string; json?: boolean; tokenFile?: string }) => {
      await getCommand({ tokenFile: o.tokenFile }, provider, o.name, o.hub, o.json ?? false);
    },
  );

  example(
    fetchCommand(program, 'env', 'print the keys as environment variables')
      .argument('[providers...]', 'only these providers (default: every key the token may read)')
      .option('--key <provider[:name][@hub]>', 'a named key (repeatable)', collect)
      .addOption(
        new Option('--format <format>', 'output format').choices(['sh', 'dotenv', 'json']).default('sh'),
      ),
    'eval "$(aikey env openai anthropic)"',
    'aikey env --key openai:work --format dotenv > .env.local',
  ).action(
    async (
      providers: string[],
      o: { key?: string[]; format: string; json?: boolean; tokenFile?: string },
    ) => {
      await envCommand({ tokenFile: o.tokenFile }, providers, o.key ?? [], o.json ? 'json' : o.format);
    },
  );

  example(
    fetchCommand(program, 'exec', 'run a command with the keys in its environment')
      .argument('<command...>', 'the command and its arguments (after --)')
      .option('--provider <provider>', 'only this provider (repeatable)', collect)
      .option('--key <provider[:name][@hub]>', 'a named key (repeatable)', collect)
      .option('--broker', 'give the command session tokens and /proxy base URLs, never a key')
      .option('--no-masking', "leave the command's output as it is")
      .option('--mask', 'conceal keys in the output even at a terminal (the command then sees a pipe)')
      .passThroughOptions(),
    'aikey exec -- python agent.py',
    'aikey exec --key anthropic:work -- claude',
    'aikey exec --broker -- python agent.py',
    'OPENAI_API_KEY=aikey://openai/work aikey exec -- python agent.py',
  ).action(async (command: string[], o: ExecFlags) => {
    outcome.exitCode = await execCommand({ tokenFile: o.tokenFile }, o.provider ?? [], o.key ?? [], command, {
      masking: maskingMode(o),
      broker: o.broker ?? false,
    });
  });

  example(
    fetchCommand(program, 'run', 'run a command with env files, their aikey:// references resolved')
      .argument('<command...>', 'the command and its arguments (after --)')
      .option('-f, --env-file <file>', 'an env file (repeatable; later files win)', collect)
      .option('--overload', 'file values win over the environment (otherwise they do not)')
      .option(
        '--broker',
        'give the command session tokens and /proxy base URLs for the referenced keys, never a key',
      )
      .option('--no-masking', "leave the command's output as it is")
      .option('--mask', 'conceal keys in the output even at a terminal (the command then sees a pipe)')
      .passThroughOptions(),
    'aikey run --env-file .env -- npm start',
    'aikey run --broker -f .env -- python agent.py',
  ).action(async (command: string[], o: ExecFlags & { envFile?: string[]; overload?: boolean }) => {
    const { runCommand } = await import('./commands/run-commands.js');
    outcome.exitCode = await runCommand(
      { tokenFile: o.tokenFile },
      {
        envFiles: o.envFile ?? [],
        overload: o.overload ?? false,
        masking: maskingMode(o),
        command,
        broker: o.broker ?? false,
      },
    );
  });

  example(
    fetchCommand(program, 'inject', 'replace aikey:// references in a template with the keys')
      .option('-i, --input <file>', 'the template (default: stdin)')
      .option('-o, --output <file>', 'where to write (0600; default: stdout, never a terminal)')
      .option('--force', 'overwrite the output file'),
    'aikey inject -i config.tmpl.yaml -o config.yaml',
  ).action(
    async (o: { input?: string; output?: string; force?: boolean; json?: boolean; tokenFile?: string }) => {
      const { injectCommand } = await import('./commands/inject-command.js');
      await injectCommand(
        { tokenFile: o.tokenFile },
        { input: o.input, output: o.output, force: o.force ?? false, json: o.json ?? false },
      );
    },
  );

  example(
    fetchCommand(program, 'status', 'is the wallet running, is it locked, what may my token read'),
    'aikey status',
  ).action(async (o: { json?: boolean; tokenFile?: string }) => {
    await statusCommand({ tokenFile: o.tokenFile }, o.json ?? false);
  });

  if (first === undefined || !FETCH_COMMANDS.has(first)) {
    const { addVaultCommands } = await import('./vault-program.js');
    addVaultCommands(program, outcome);
  }

  example(
    program
      .command('completion')
      .description('print a shell completion script')
      .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
      .addOption(jsonOption()),
    'aikey completion bash > ~/.local/share/bash-completion/completions/aikey',
    'aikey completion fish > ~/.config/fish/completions/aikey.fish',
  ).action(async (shell: string, o: { json?: boolean }) => {
    const { completionScript } = await import('./completion.js');
    const script = completionScript(program, shell);
    process.stdout.write(o.json ? `${JSON.stringify({ shell, script }, null, 2)}\n` : script);
  });

  return program;
}
