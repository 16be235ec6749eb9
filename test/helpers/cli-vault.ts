// A data directory for CLI tests: a vault made through the core API at the KDF floor (the header
// keeps the cost, so every spawned aikey unlocks it quickly), secret files for the flags that name
// one, and ways to look inside afterwards (the audit trail, a wallet opened in this process).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '#shared/schemas/audit.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import { runAikey, type AikeyResult } from './aikey-process.js';
import { STRONG_PASSWORD, tempDir } from './temp-wallet.js';

export interface CliVault {
  root: string;
  home: string;
  recoveryKey: string;
  /** Holds STRONG_PASSWORD. */
  passwordFile: string;
  /** Writes `content` and a newline to a 0600 file under root; returns its path. */
  file(name: string, content: string): string;
  /** Runs the built aikey on this data directory. */
  aikey(args: string[], options?: { stdin?: string; env?: NodeJS.ProcessEnv }): Promise<AikeyResult>;
  /** Runs it with --password-file (the master password file given, else passwordFile). */
  admin(args: string[], options?: { stdin?: string; passwordFile?: string }): Promise<AikeyResult>;
  /** The audit trail, newest first, read through `aikey audit --json`. */
  audit(passwordFile?: string): Promise<AuditEntry[]>;
  /** SHA-256 of a file in the data directory (to show that a failure changed nothing). */
  digest(file?: string): string;
  /** Opens the vault in this process, runs `look`, closes it. */
  inspect<T>(look: (wallet: Wallet) => T, password?: string): Promise<T>;
}

export async function cliVault(seed?: (wallet: Wallet) => void): Promise<CliVault> {
  const root = tempDir('aikey-cli-');
  const home = join(root, 'home');
  const wallet = createWallet({ dataDir: home, kdf: KDF_FLOOR });
  const { recoveryKey } = await wallet.vault.create(STRONG_PASSWORD);
  seed?.(wallet);
  wallet.close();
  const file = (name: string, content: string) => {
    const path = join(root, name);
    writeFileSync(path, `${content}\n`, { mode: 0o600 });
    return path;
  };
  const passwordFile = file('password', STRONG_PASSWORD);
  const admin: CliVault['admin'] = (args, options = {}) =>
    runAikey(home, [...args, '--password-file', options.passwordFile ?? passwordFile], options);
  return {
    root,
    home,
    recoveryKey,
    passwordFile,
    file,
    aikey: (args, options) => runAikey(home, args, options),
    admin,
    async audit(password = passwordFile) {
      const result = await admin(['audit', '--json'], { passwordFile: password });
      if (result.code !== 0) throw new Error(`aikey audit failed: ${result.stderr}`);
      return (JSON.parse(result.stdout) as { entries: AuditEntry[] }).entries;
    },
    digest: (name = 'vault.header.json') =>
      createHash('sha256')
        .update(readFileSync(join(home, name)))
        .digest('hex'),
    async inspect(look, password = STRONG_PASSWORD) {
      const opened = createWallet({ dataDir: home });
      try {
        await opened.vault.unlock(password);
        return look(opened);
      } finally {
        opened.close();
      }
    },
  };
}
