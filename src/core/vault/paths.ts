// Where the wallet keeps its files. AIKEY_HOME wins; otherwise the platform's per-user config
// directory. The directory is 0700 and every file in it 0600: the vault is useless to other users
// even before encryption.
import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.AIKEY_HOME) return env.AIKEY_HOME;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'aikey');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'aikey');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'aikey');
}

export interface VaultPaths {
  dir: string;
  header: string;
  database: string;
  attempts: string;
  backups: string;
}

export function vaultPaths(dir: string): VaultPaths {
  return {
    dir,
    header: join(dir, 'vault.header.json'),
    database: join(dir, 'vault.db'),
    attempts: join(dir, 'unlock-attempts.json'),
    backups: join(dir, 'backups'),
  };
}

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
}
