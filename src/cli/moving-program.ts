// Moving keys in and out, and the broker's limits, declared for commander: scan, import, export and
// tokens policy. Each action imports its module when it runs (yaml, dotenv and zxcvbn load only here).
import type { Command } from 'commander';
import { example, jsonOption, type Outcome } from './command-options.js';

const passwordOption = (c: Command) =>
  c.option(
    '--password-file <file>',
    'read the master password from this file (else AIKEY_PASSWORD_FILE or a prompt)',
  );

export function addMovingCommands(program: Command, outcome: Outcome): void {
  example(
    passwordOption(
      program
        .command('scan')
        .description("find AI keys in env files, shell rc and history, and tools' config (read-only, masked)")
        .argument('[paths...]', 'where to look (default: here and the known places in your home)')
        .addOption(jsonOption())
        .option('--no-vault-check', 'do not open the vault to tell which keys it already holds'),
    ),
    'aikey scan',
    'aikey scan ~/code --json',
  ).action(async (paths: string[], o: { json?: boolean; passwordFile?: string; vaultCheck: boolean }) => {
    const { scanCommand } = await import('./commands/scan-commands.js');
    await scanCommand({
      paths,
      json: o.json ?? false,
      passwordFile: o.passwordFile,
      vaultCheck: o.vaultCheck,
    });
  });

  example(
    passwordOption(
      program
        .command('import')
        .description(
          'bring keys in from a file, the last scan, the environment, or an `aikey export` archive',
        )
        .argument('[file]', 'a .env file, a tool config the scanner knows, or an export archive')
        .addOption(jsonOption())
        .option('--from-scan', 'what the last `aikey scan` found')
        .option('--select <list>', 'with --from-scan: only these findings (1,3,5-7)')
        .option('--from-env', 'the keys in the current environment')
        .option('--hub <hub>', 'the hub to put them in (default: Personal)')
        .option('--dry-run', 'show the plan; change nothing')
        .option('--replace', 'in .env files, replace each imported value with its aikey:// reference')
        .option('--no-backup', 'with --replace: keep no backup of the original file')
        .option('--passphrase-file <file>', "an archive's passphrase (else a prompt)"),
    ),
    'aikey import .env --dry-run',
    'aikey import --from-scan --select 1,3 --replace',
  ).action(
    async (
      file: string | undefined,
      o: {
        json?: boolean;
        passwordFile?: string;
        passphraseFile?: string;
        fromScan?: boolean;
        select?: string;
        fromEnv?: boolean;
        hub?: string;
        dryRun?: boolean;
        replace?: boolean;
        backup: boolean;
      },
    ) => {
      const { importCommand } = await import('./commands/import-commands.js');
      outcome.exitCode = await importCommand({
        file,
        fromScan: o.fromScan ?? false,
        select: o.select,
        fromEnv: o.fromEnv ?? false,
        hub: o.hub,
        dryRun: o.dryRun ?? false,
        replace: o.replace ?? false,
        backup: o.backup,
        json: o.json ?? false,
        passwordFile: o.passwordFile,
        passphraseFile: o.passphraseFile,
      });
    },
  );

  example(
    passwordOption(
      program
        .command('export')
        .description(
          'write every key to an encrypted archive for another machine (`aikey import FILE` reads it)',
        )
        .addOption(jsonOption())
        .option('-o, --output <file>', 'the archive (default: stdout)')
        .option('--plaintext', 'no encryption (warns; for moving to another tool)')
        .option('--force', 'replace an existing file')
        .option('--passphrase-file <file>', "the archive's passphrase (else asked twice)"),
    ),
    'aikey export -o keys.aikey',
  ).action(
    async (o: {
      json?: boolean;
      passwordFile?: string;
      passphraseFile?: string;
      output?: string;
      plaintext?: boolean;
      force?: boolean;
    }) => {
      const { exportCommand } = await import('./commands/export-commands.js');
      await exportCommand({
        output: o.output,
        plaintext: o.plaintext ?? false,
        force: o.force ?? false,
        json: o.json ?? false,
        passwordFile: o.passwordFile,
        passphraseFile: o.passphraseFile,
      });
    },
  );
}

/** `aikey tokens policy`: the broker's limits for one token. */
export function addTokenPolicyCommand(tokens: Command): void {
  example(
    passwordOption(
      tokens
        .command('policy')
        .description("set the broker's limits for a token: models, requests per minute, budgets")
        .argument('<token>', 'the token: its id or name')
        .addOption(jsonOption())
        .option('--models <patterns>', 'comma-separated model patterns with * (all: any model)')
        .option('--rpm <n>', 'requests per minute (none: no limit)')
        .option('--tokens-per-day <n>', 'input + output tokens per UTC day')
        .option('--spend-per-day <usd>', 'US dollars per UTC day')
        .option('--spend-per-month <usd>', 'US dollars per calendar month')
        .option('--require-known-price', 'refuse models the price table does not know')
        .option('--any-price', 'price unknown models by the documented rule (the default)')
        .option('--clear', 'remove every limit'),
    ),
    "aikey tokens policy agent --models 'gpt-4o-mini*' --rpm 60 --spend-per-month 50",
  ).action(
    async (
      ref: string,
      o: {
        json?: boolean;
        passwordFile?: string;
        models?: string;
        rpm?: string;
        tokensPerDay?: string;
        spendPerDay?: string;
        spendPerMonth?: string;
        requireKnownPrice?: boolean;
        anyPrice?: boolean;
        clear?: boolean;
      },
    ) => {
      const { tokensPolicyCommand } = await import('./commands/token-policy-commands.js');
      const { models, rpm, tokensPerDay, spendPerDay, spendPerMonth, requireKnownPrice, anyPrice, clear } = o;
      await tokensPolicyCommand({ json: o.json ?? false, passwordFile: o.passwordFile }, ref, {
        models,
        rpm,
        tokensPerDay,
        spendPerDay,
        spendPerMonth,
        requireKnownPrice,
        anyPrice,
        clear,
      });
    },
  );
}
