// `aikey scan [PATH...]`: finds AI keys in env files, shell rc files and history, and other tools'
// plaintext stores; read-only. Shows each one masked, with whether the vault already holds that
// exact value (asked by keyed fingerprint, so the vault must be unlocked; with no vault, or with
// --no-vault-check, the answer is "unknown"). Saves where each key was, never its value, for
// `aikey import --from-scan`.
import { homedir } from 'node:os';
import { relative, sep } from 'node:path';
import { collectCandidates, findingsOf } from '#core/scan/scanner.js';
import { saveLastScan } from '#core/scan/last-scan.js';
import type { ScanContext } from '#core/scan/locations.js';
import type { Finding } from '#core/scan/types.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { createWallet } from '#core/wallet.js';
import { PROVIDERS } from '#shared/providers.js';
import { CliError, EXIT } from '../exit-codes.js';
import { oneLine, printJson, printLine, printTable } from '../output.js';
import { masterPassword } from '../secret-input.js';

export interface ScanOptions {
  paths: readonly string[];
  json: boolean;
  passwordFile?: string | undefined;
  /** Skip the vault: alreadyInVault is null and no password is asked. */
  vaultCheck: boolean;
  /** Tests inject these; the CLI uses the real home, working directory, environment and data dir. */
  context?: ScanContext;
  dataDir?: string;
  now?: () => number;
}

/** `aikey scan --json` prints this. */
export interface ScanOutput {
  findings: Finding[];
  /** False when alreadyInVault could not be asked (no vault, or --no-vault-check). */
  vaultChecked: boolean;
  savedTo: string;
}

export async function scanCommand(options: ScanOptions): Promise<void> {
  const context = options.context ?? { home: homedir(), cwd: process.cwd(), env: process.env };
  const dataDir = options.dataDir ?? defaultDataDir();
  const candidates = await collectCandidates({ ...context, paths: options.paths });
  let findings: Finding[];
  let vaultChecked = false;
  const wallet = createWallet({ dataDir });
  try {
    if (options.vaultCheck && wallet.vault.exists() && candidates.length > 0) {
      await wallet.vault.unlock(await scanPassword(options.passwordFile));
      findings = findingsOf(candidates, (value) => wallet.keys.hasValue(value));
      vaultChecked = true;
    } else findings = findingsOf(candidates, null);
  } finally {
    wallet.close();
  }
  const savedTo = saveLastScan(dataDir, findings, (options.now ?? Date.now)());
  if (options.json) {
    printJson({ findings, vaultChecked, savedTo } satisfies ScanOutput);
    return;
  }
  printFindings(findings, context);
}

/** The master password, or a hint that the question can be skipped where there is no terminal. */
async function scanPassword(passwordFile: string | undefined): Promise<string> {
  try {
    return await masterPassword({ passwordFile });
  } catch (error) {
    if (error instanceof CliError && error.code === 'NoTerminal') {
      throw new CliError(
        EXIT.usage,
        'NoTerminal',
        'No terminal to ask for the master password: use --password-file, or --no-vault-check to scan without asking the vault.',
      );
    }
    throw error;
  }
}

function printFindings(findings: readonly Finding[], { home, cwd }: ScanContext): void {
  if (findings.length === 0) {
    printLine('No AI provider keys found.');
    return;
  }
  // Under the working directory: relative; under home: ~/…; else as it is.
  const shortPath = (path: string) =>
    oneLine(
      path.startsWith(`${cwd}${sep}`)
        ? relative(cwd, path)
        : path.startsWith(`${home}${sep}`)
          ? `~${path.slice(home.length)}`
          : path,
    );
  const inVault = (f: Finding) => (f.alreadyInVault === null ? '?' : f.alreadyInVault ? 'yes' : 'no');
  printTable([
    ['#', 'PROVIDER', 'KEY', 'IN VAULT', 'WHERE', 'VARIABLE', 'SOURCE'],
    ...findings.map((f) => [
      String(f.id),
      PROVIDERS[f.provider].displayName,
      f.masked,
      inVault(f),
      `${shortPath(f.path)}:${f.line}`,
      oneLine(f.label && f.label !== f.variable ? `${f.variable} (${f.label})` : f.variable),
      f.source.replaceable ? `${f.source.tool} (can take a reference)` : f.source.tool,
    ]),
  ]);
  printLine('');
  const fresh = findings.filter((f) => f.alreadyInVault !== true).length;
  printLine(
    `${findings.length} key${findings.length === 1 ? '' : 's'} found` +
      (fresh < findings.length ? `, ${findings.length - fresh} already in the vault` : '') +
      '. Import them with `aikey import --from-scan` (or `--select 1,3`); add `--replace` to put references in env files.',
  );
}
