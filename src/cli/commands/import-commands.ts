// `aikey import FILE | --from-scan [--select 1,3] | --from-env`: brings found keys into the vault
// through the KeyStore (format-checked, sealed, audited as the CLI). Values the vault already holds
// and repeats are skipped and reported; --dry-run shows the plan and writes nothing. --replace then
// puts aikey:// references in env files (a 0600 backup beside each unless --no-backup) and lists
// every other source with what to do by hand. FILE may be an `aikey export` archive.
import { homedir } from 'node:os';
import type { ImportItem } from '#core/import/import-plan.js';
import { runImport, type ImportOutput, type ImportSource } from '#core/import/import-run.js';
import { parseSelection } from '#core/import/import-sources.js';
import type { ReplaceReport } from '#core/import/replace-sources.js';
import type { ScanContext } from '#core/scan/locations.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { createWallet } from '#core/wallet.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { oneLine, printJson, printLine } from '../output.js';
import { masterPassword } from '../secret-input.js';
import { assertVaultHere, CLI_ACTOR } from './admin-commands.js';
import { archivePassphrase } from './archive-passphrase.js';

export type { ImportOutput } from '#core/import/import-run.js';

export interface ImportOptions {
  file?: string | undefined;
  fromScan: boolean;
  select?: string | undefined;
  fromEnv: boolean;
  hub?: string | undefined;
  dryRun: boolean;
  replace: boolean;
  /** False with --no-backup. */
  backup: boolean;
  json: boolean;
  passwordFile?: string | undefined;
  passphraseFile?: string | undefined;
  context?: ScanContext;
  dataDir?: string;
  now?: () => number;
}

function usage(message: string): CliError {
  return new CliError(EXIT.usage, 'InvalidInput', message);
}

/** The one source the flags name; refuses combinations before the vault is opened. */
function sourceOf(options: ImportOptions): ImportSource {
  const sources = [options.file !== undefined, options.fromScan, options.fromEnv].filter(Boolean).length;
  if (sources !== 1) throw usage('Import from one source: a FILE, --from-scan or --from-env.');
  if (options.select !== undefined && !options.fromScan) throw usage('--select goes with --from-scan.');
  if (options.replace && options.fromEnv) throw usage('--replace rewrites files; --from-env has none.');
  if (!options.backup && !options.replace) throw usage('--no-backup goes with --replace.');
  if (options.fromEnv) return { kind: 'env' };
  if (options.fromScan) {
    return { kind: 'scan', select: options.select === undefined ? null : parseSelection(options.select) };
  }
  return {
    kind: 'file',
    path: options.file ?? '',
    passphrase: () => archivePassphrase(options.passphraseFile, false),
  };
}

export async function importCommand(options: ImportOptions): Promise<ExitCode> {
  const source = sourceOf(options);
  const dataDir = options.dataDir ?? defaultDataDir();
  const wallet = createWallet({ dataDir });
  try {
    assertVaultHere(wallet);
    await wallet.vault.unlock(await masterPassword({ passwordFile: options.passwordFile }));
    const output = await runImport(
      { keys: wallet.keys, personalHubId: () => wallet.vault.session().personalHubId },
      {
        source,
        hub: options.hub,
        dryRun: options.dryRun,
        replace: options.replace,
        backup: options.backup,
        context: options.context ?? { home: homedir(), cwd: process.cwd(), env: process.env },
        dataDir,
        now: (options.now ?? Date.now)(),
      },
      CLI_ACTOR,
    );
    if (options.json) printJson(output);
    else printImport(output);
    return output.summary.failed > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    wallet.close();
  }
}

const REASONS: Record<NonNullable<ImportItem['reason']>, string> = {
  'already-in-vault': 'already in the vault',
  duplicate: 'same value as an earlier one',
  'changed-since-scan': 'no longer where the scan found it; scan again',
  'needs-base-url': 'needs its resource endpoint: add it with `aikey keys add` and --base-url',
};

function where(item: ImportItem): string {
  const { path, line, variable } = item.source;
  return oneLine(path === null ? variable : `${path}${line === null ? '' : `:${line}`} ${variable}`);
}

function printImport(output: ImportOutput): void {
  const verb = output.dryRun ? 'Would add' : 'Added';
  for (const item of output.items) {
    const key = `${item.hub}/${item.provider}/${oneLine(item.name)} ${item.masked}`;
    if (item.action === 'add' || item.action === 'added') printLine(`+ ${verb} ${key}  from ${where(item)}`);
    else if (item.action === 'failed')
      printLine(`! Failed ${key}  from ${where(item)}: ${oneLine(item.error ?? '')}`);
    else if (item.reason) {
      const existing = item.existing
        ? ` as ${item.existing.hub}/${item.existing.provider}/${oneLine(item.existing.name)}`
        : '';
      printLine(`= Skipped ${item.masked}  from ${where(item)}: ${REASONS[item.reason]}${existing}`);
    }
  }
  const { added, skipped, failed } = output.summary;
  printLine('');
  printLine(
    `${output.dryRun ? 'Dry run: ' : ''}${added} ${output.dryRun ? 'to add' : 'added'}, ${skipped} skipped` +
      `${failed > 0 ? `, ${failed} failed` : ''}, into the ${output.hub} hub.`,
  );
  if (output.replace) printReplace(output.replace, output.dryRun);
}

function printReplace(report: ReplaceReport, dryRun: boolean): void {
  for (const file of report.rewritten) {
    printLine('');
    printLine(`${dryRun ? 'Would rewrite' : 'Rewrote'} ${oneLine(file.path)}:`);
    for (const r of file.replaced) printLine(`  line ${r.line}: ${r.variable}=${r.reference}`);
    for (const r of file.missed) printLine(`  line ${r.line}: ${r.variable} was no longer there; left alone`);
    if (file.backupPath) printLine(`  The original is in ${oneLine(file.backupPath)} (mode 0600).`);
    else if (!dryRun && file.replaced.length > 0) printLine('  No backup was kept (--no-backup).');
  }
  if (report.manual.length > 0) {
    printLine('');
    printLine('These cannot hold a reference; do this by hand:');
    for (const step of report.manual) {
      const at =
        step.path === null
          ? step.variable
          : `${step.path}${step.line === null ? '' : `:${step.line}`} ${step.variable}`;
      printLine(`  ${oneLine(at)} (${step.tool}): ${step.advice}`);
    }
  }
}
