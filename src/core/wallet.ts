// The composition root shared by the desktop app, the CLI and the headless wallet: one vault and
// the services that read it through the vault's live session (so they hold no key themselves).
import { AuditLog } from './audit/audit-log.js';
import { KeyStore } from './keys/key-store.js';
import { HubSync } from './sync/hub-sync.js';
import { TokenStore } from './tokens/token-store.js';
import { MasterPassword } from './vault/master-password.js';
import { ensurePrivateDir } from './vault/paths.js';
import { Vault, type VaultOptions } from './vault/vault.js';

export interface Wallet {
  vault: Vault;
  audit: AuditLog;
  /** Password change and recovery, audited. */
  masterPassword: MasterPassword;
  keys: KeyStore;
  tokens: TokenStore;
  hubs: HubSync;
  /** Locks the vault and closes the token database. */
  close(): void;
}

export function createWallet(options: VaultOptions): Wallet {
  const vault = new Vault(options);
  const now = options.now ?? Date.now;
  const session = () => vault.session();
  const audit = new AuditLog(session, now);
  const hubSync = new HubSync(session, audit, now);
  const keys = new KeyStore(session, audit, now, (change) => hubSync.recordLocalChange(change));
  vault.beforeLock(() => hubSync.stopAll());
  // No value the endpoint opened outlives the session (the order against its flush does not matter).
  vault.beforeLock(() => keys.dropDecrypted());
  // Before anything asks "is this value already here?": rows from before 0006 have no fingerprint.
  vault.onUnlock(() => void keys.backfillFingerprints());
  ensurePrivateDir(options.dataDir);
  const tokens = new TokenStore(
    options.dataDir,
    audit,
    () => void vault.session(),
    now,
    options.migrationsFolder && `${options.migrationsFolder}/tokens`,
  );
  return {
    vault,
    audit,
    masterPassword: new MasterPassword(vault, audit),
    keys,
    tokens,
    hubs: hubSync,
    close() {
      vault.lock();
      tokens.close();
    },
  };
}
