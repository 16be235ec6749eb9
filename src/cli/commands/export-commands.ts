// `aikey export [-o FILE] [--plaintext]`: every live key in an archive `aikey import FILE` reads on
// another machine. Encrypted under a passphrase (hidden prompt twice, or --passphrase-file) with
// Argon2id and AES-256-GCM; `--plaintext` writes the keys in clear and says so on stderr. Each key
// exported is audited as a reveal. The file is written 0600 and atomically, and an existing file is
// kept unless --force.
import { existsSync } from 'node:fs';
import { exportKeys } from '#core/archive/archive-transfer.js';
import { assertStrongPassphrase, plaintextArchive, sealArchive } from '#core/archive/key-archive.js';
import { writeFileDurably } from '#core/vault/files.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { createWallet } from '#core/wallet.js';
import { CliError, EXIT } from '../exit-codes.js';
import { oneLine, printJson, printLine } from '../output.js';
import { masterPassword } from '../secret-input.js';
import { assertVaultHere, CLI_ACTOR } from './admin-commands.js';
import { archivePassphrase } from './archive-passphrase.js';

export interface ExportOptions {
  output?: string | undefined;
  plaintext: boolean;
  force: boolean;
  json: boolean;
  passwordFile?: string | undefined;
  passphraseFile?: string | undefined;
  dataDir?: string;
  /** Tests lower the Argon2id cost; the CLI uses the vault's default (m=64 MiB, t=3, p=4). */
  kdf?: { memoryKiB: number; iterations: number; parallelism: number };
  now?: () => number;
}

/** `aikey export -o FILE --json` prints this. */
export interface ExportOutput {
  path: string;
  keys: number;
  encrypted: boolean;
}

export const PLAINTEXT_WARNING =
  'Warning: this archive holds every key in plain text. Anyone who can read the file can use them; delete it once it is imported.';

export async function exportCommand(options: ExportOptions): Promise<void> {
  if (options.json && options.output === undefined) {
    throw new CliError(
      EXIT.usage,
      'InvalidInput',
      '--json needs -o FILE: the archive itself goes to stdout otherwise.',
    );
  }
  if (options.output !== undefined && existsSync(options.output) && !options.force) {
    throw new CliError(
      EXIT.usage,
      'InvalidInput',
      `${oneLine(options.output)} exists; add --force to replace it.`,
    );
  }
  const now = (options.now ?? Date.now)();
  const wallet = createWallet({ dataDir: options.dataDir ?? defaultDataDir() });
  let text: string;
  let count: number;
  try {
    assertVaultHere(wallet);
    await wallet.vault.unlock(await masterPassword({ passwordFile: options.passwordFile }));
    // Asked before any key is revealed, so a mistyped passphrase leaves no reveal entries behind.
    const passphrase = options.plaintext ? null : await archivePassphrase(options.passphraseFile, true);
    if (passphrase !== null) await assertStrongPassphrase(passphrase);
    const keys = exportKeys(wallet.keys, CLI_ACTOR);
    count = keys.length;
    text =
      passphrase === null
        ? plaintextArchive(keys, now)
        : await sealArchive(keys, passphrase, { now, ...(options.kdf ? { kdf: options.kdf } : {}) });
  } finally {
    wallet.close();
  }
  if (options.plaintext) process.stderr.write(`${PLAINTEXT_WARNING}\n`);
  if (options.output === undefined) {
    process.stdout.write(text);
    return;
  }
  writeFileDurably(options.output, text, 0o600);
  const result: ExportOutput = { path: options.output, keys: count, encrypted: !options.plaintext };
  if (options.json) printJson(result);
  else
    printLine(
      `Exported ${count} key${count === 1 ? '' : 's'} to ${oneLine(options.output)}` +
        (options.plaintext ? ' in plain text.' : '. Import it with `aikey import FILE` and the passphrase.'),
    );
}
