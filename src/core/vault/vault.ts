// The vault: create, unlock, lock, change the master password, recover with the recovery key.
// It owns the only live reference to key material (the database handle and the secret-sealing key)
// and hands services a session that stops working the moment the vault locks. A wrong password or
// recovery key changes nothing but the backoff counter. Changing the password re-wraps the vault
// key; it never re-encrypts data. Nothing here imports electron.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { AikeyError, isAikeyError } from '#shared/errors.js';
import { deriveKeyEncryptionKey, assertSafeKdf, DEFAULT_KDF, type KdfParams } from '../crypto/kdf.js';
import { generateRecoveryKey, parseRecoveryKey, recoveryWrapKey } from '../crypto/recovery.js';
import { deriveSubkey, wipe } from '../crypto/subkeys.js';
import { openDatabase, defaultMigrationsFolder, type OpenedDatabase } from '../db/open.js';
import { hubs } from '../db/schema/index.js';
import { UnlockAttempts } from './attempts.js';
import { storageFailure } from '../db/storage-errors.js';
import { backupDatabase, restoreAdvice, restoreLatestBackup } from './backup.js';
import {
  readHeader,
  unwrapVaultKey,
  verifyHeaderMac,
  wrapAad,
  wrapVaultKey,
  writeHeader,
  type VaultHeader,
  type VaultHeaderBody,
} from './header.js';
import { assertStrongPassword } from './password-strength.js';
import { ensurePrivateDir, vaultPaths, type VaultPaths } from './paths.js';

export const PERSONAL_HUB_NAME = 'Personal';

export interface VaultOptions {
  dataDir: string;
  migrationsFolder?: string;
  /** Argon2id cost for new vaults and password changes; defaults to m=64 MiB, t=3, p=4. */
  kdf?: { memoryKiB: number; iterations: number; parallelism: number };
  now?: () => number;
}

/** What services get while the vault is unlocked. Invalid after lock. */
export interface VaultSession extends OpenedDatabase {
  readonly vaultId: string;
  readonly sealKey: Buffer;
  /** HMAC key for fingerprints of key values (is this value already here?); wiped on lock. */
  readonly fingerprintKey: Buffer;
  /** The raw database key, only for the endpoint's bookkeeping worker's connection; wiped on lock. */
  readonly dbKey: Buffer;
  readonly personalHubId: string;
}

export interface VaultStatus {
  exists: boolean;
  unlocked: boolean;
}

type LockListener = () => void;

export class Vault {
  readonly paths: VaultPaths;
  private readonly migrationsFolder: string;
  private readonly kdfCost: { memoryKiB: number; iterations: number; parallelism: number };
  private readonly now: () => number;
  private readonly attempts: UnlockAttempts;
  private current: VaultSession | null = null;
  private readonly lockListeners = new Set<LockListener>();
  private readonly beforeLockListeners = new Set<LockListener>();
  private readonly unlockListeners = new Set<LockListener>();

  constructor(options: VaultOptions) {
    this.paths = vaultPaths(options.dataDir);
    this.migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
    this.kdfCost = options.kdf ?? DEFAULT_KDF;
    assertSafeKdf(this.kdfCost);
    this.now = options.now ?? Date.now;
    this.attempts = new UnlockAttempts(this.paths.attempts, this.now);
  }

  exists(): boolean {
    return existsSync(this.paths.header);
  }

  status(): VaultStatus {
    return { exists: this.exists(), unlocked: this.current !== null };
  }

  isUnlocked(): boolean {
    return this.current !== null;
  }

  /** The live session, or `VaultLocked`. Services call this on every operation and keep nothing. */
  session(): VaultSession {
    if (!this.current) throw new AikeyError('VaultLocked', 'The vault is locked. Unlock it first.');
    return this.current;
  }

  /** Runs while the session is still open, so pending writes (usage, audit) can be flushed. */
  beforeLock(listener: LockListener): () => void {
    this.beforeLockListeners.add(listener);
    return () => this.beforeLockListeners.delete(listener);
  }

  /** Runs after every create, unlock (password, keychain or recovery key). */
  onUnlock(listener: LockListener): () => void {
    this.unlockListeners.add(listener);
    return () => this.unlockListeners.delete(listener);
  }

  onLock(listener: LockListener): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** Creates the vault and leaves it unlocked. Returns the recovery key: shown once, never stored. */
  async create(password: string): Promise<{ recoveryKey: string }> {
    if (this.exists()) throw new AikeyError('VaultExists', 'A vault already exists in this data directory.');
    await assertStrongPassword(password);
    ensurePrivateDir(this.paths.dir);
    const vaultKey = randomBytes(32);
    const vaultId = randomUUID();
    const kdf = this.newKdfParams();
    const kek = await deriveKeyEncryptionKey(password, kdf);
    const recovery = generateRecoveryKey();
    const body = this.headerBody(vaultId, this.now(), kdf, kek, vaultKey, recovery.bytes);
    wipe(kek, recovery.bytes);
    // A database without a header is a half-created vault, or a vault whose header was lost: move it
    // aside, never delete it (a copy of the header may still open it), before the new one is keyed.
    const aside = `orphan-${this.now()}`;
    for (const suffix of ['', '-wal', '-shm']) {
      const file = `${this.paths.database}${suffix}`;
      if (existsSync(file)) renameSync(file, `${this.paths.database}.${aside}${suffix}`);
    }
    try {
      this.openSession(vaultId, vaultKey, true);
      writeHeader(this.paths.header, vaultKey, body);
    } catch (error) {
      this.lock();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.paths.database}${suffix}`, { force: true });
      throw error;
    } finally {
      wipe(vaultKey);
    }
    this.notifyUnlocked();
    return { recoveryKey: recovery.display };
  }

  async unlock(password: string): Promise<void> {
    if (this.current) return;
    const { header, vaultKey } = await this.openWithPassword(
      password,
      'That master password is not correct.',
    );
    try {
      this.openSession(header.vaultId, vaultKey, false);
    } finally {
      wipe(vaultKey);
    }
    backupDatabase(this.session().sqlite, this.paths, this.now());
    this.notifyUnlocked();
  }

  /**
   * The vault key, proven by the master password under the same backoff as unlock, so it can be
   * wrapped elsewhere (the OS keychain). The caller wipes it.
   */
  async vaultKeyWithPassword(password: string): Promise<Buffer> {
    const { vaultKey } = await this.openWithPassword(password, 'That master password is not correct.');
    return vaultKey;
  }

  /**
   * Unlocks with a vault key kept elsewhere (the OS keychain). The header MAC proves the key before
   * the database is opened. The caller owns and wipes the key.
   */
  unlockWithVaultKey(vaultKey: Buffer): void {
    if (this.current) return;
    const header = readHeader(this.paths.header);
    verifyHeaderMac(vaultKey, header, this.paths.header);
    this.openSession(header.vaultId, vaultKey, false);
    backupDatabase(this.session().sqlite, this.paths, this.now());
    this.notifyUnlocked();
  }

  lock(): void {
    if (!this.current) return;
    for (const listener of this.beforeLockListeners) {
      try {
        listener();
      } catch {
        // A failed flush must never keep the vault unlocked.
      }
    }
    const session = this.current;
    this.current = null;
    wipe(session.sealKey, session.fingerprintKey, session.dbKey);
    try {
      session.sqlite.close();
    } finally {
      for (const listener of this.lockListeners) listener();
    }
  }

  /**
   * Replaces a damaged database with the newest daily backup. The damaged file is kept aside, never
   * deleted. Returns the backup's file name, or null when there is none.
   */
  restoreLatestBackup(): string | null {
    if (this.current) throw new AikeyError('InvalidInput', 'Lock the vault before restoring a backup.');
    return restoreLatestBackup(this.paths, this.now());
  }

  /**
   * `aikey restore` and the desktop's Restore button: proves the password, refuses when the database
   * opens and passes its check (a restore would roll back good data), else puts the newest backup in
   * place, keeping the damaged file beside it, and unlocks from it.
   */
  async restoreDamaged(password: string): Promise<{ backup: string }> {
    if (this.current) throw new AikeyError('InvalidInput', 'Lock the vault before restoring a backup.');
    const vaultKey = await this.vaultKeyWithPassword(password);
    try {
      try {
        this.unlockWithVaultKey(vaultKey);
      } catch (error) {
        if (!isAikeyError(error, 'VaultCorrupt')) throw error;
        const backup = this.restoreLatestBackup();
        if (backup === null)
          throw new AikeyError('VaultCorrupt', 'There is no backup of this vault to restore.');
        this.unlockWithVaultKey(vaultKey);
        return { backup };
      }
      this.lock();
      throw new AikeyError(
        'InvalidInput',
        'The vault opens and passes its integrity check: there is nothing to restore.',
      );
    } finally {
      wipe(vaultKey);
    }
  }

  /** Re-wraps the vault key under a new password. The data is not touched. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const { header, vaultKey } = await this.openWithPassword(
      currentPassword,
      'The current master password is not correct.',
    );
    try {
      await assertStrongPassword(newPassword);
      await this.rewrapPassword(header, vaultKey, newPassword);
    } finally {
      wipe(vaultKey);
    }
  }

  /**
   * Opens the vault with the recovery key, sets a new master password and issues a new recovery key
   * (the used one stops working). Leaves the vault unlocked.
   */
  async recover(recoveryKey: string, newPassword: string): Promise<{ recoveryKey: string }> {
    const header = readHeader(this.paths.header);
    this.attempts.assertMayTry();
    const recoveryBytes = parseRecoveryKey(recoveryKey);
    const wrapKey = recoveryWrapKey(recoveryBytes, Buffer.from(header.recoveryWrap.salt, 'base64'));
    const vaultKey = unwrapVaultKey(wrapKey, header.recoveryWrap.sealed, wrapAad(header.vaultId, 'recovery'));
    wipe(recoveryBytes, wrapKey);
    if (!vaultKey) {
      this.attempts.recordFailure();
      throw new AikeyError('BadRecoveryKey', 'That recovery key does not open this vault.');
    }
    this.attempts.recordSuccess();
    try {
      verifyHeaderMac(vaultKey, header, this.paths.header);
      await assertStrongPassword(newPassword);
      const fresh = generateRecoveryKey();
      const kdf = this.newKdfParams();
      const kek = await deriveKeyEncryptionKey(newPassword, kdf);
      const body = this.headerBody(header.vaultId, header.createdAt, kdf, kek, vaultKey, fresh.bytes);
      wipe(kek, fresh.bytes);
      writeHeader(this.paths.header, vaultKey, body);
      this.lock();
      this.openSession(header.vaultId, vaultKey, false);
      this.notifyUnlocked();
      return { recoveryKey: fresh.display };
    } finally {
      wipe(vaultKey);
    }
  }

  /**
   * Password -> vault key, under the backoff. A wrong password counts as a failure and throws
   * WrongPassword; a header whose MAC fails throws VaultCorrupt. The caller wipes the key.
   */
  private async openWithPassword(
    password: string,
    wrongMessage: string,
  ): Promise<{ header: VaultHeader; vaultKey: Buffer }> {
    const header = readHeader(this.paths.header);
    this.attempts.assertMayTry();
    const kek = await deriveKeyEncryptionKey(password, header.kdf);
    const vaultKey = unwrapVaultKey(
      kek,
      header.passwordWrap,
      wrapAad(header.vaultId, 'password', header.kdf),
    );
    wipe(kek);
    if (!vaultKey) {
      this.attempts.recordFailure();
      throw new AikeyError('WrongPassword', wrongMessage);
    }
    this.attempts.recordSuccess();
    try {
      verifyHeaderMac(vaultKey, header, this.paths.header);
    } catch (error) {
      wipe(vaultKey);
      throw error;
    }
    return { header, vaultKey };
  }

  private async rewrapPassword(header: VaultHeader, vaultKey: Buffer, newPassword: string): Promise<void> {
    const kdf = this.newKdfParams();
    const kek = await deriveKeyEncryptionKey(newPassword, kdf);
    const { mac: _mac, ...body } = header;
    const next: VaultHeaderBody = {
      ...body,
      kdf,
      passwordWrap: wrapVaultKey(kek, vaultKey, wrapAad(header.vaultId, 'password', kdf)),
    };
    wipe(kek);
    writeHeader(this.paths.header, vaultKey, next);
  }

  private newKdfParams(): KdfParams {
    return { algorithm: 'argon2id', ...this.kdfCost, salt: randomBytes(16).toString('base64') };
  }

  private headerBody(
    vaultId: string,
    createdAt: number,
    kdf: KdfParams,
    kek: Buffer,
    vaultKey: Buffer,
    recoveryBytes: Buffer,
  ): VaultHeaderBody {
    const recoverySalt = randomBytes(16);
    const recoveryKek = recoveryWrapKey(recoveryBytes, recoverySalt);
    const sealed = wrapVaultKey(recoveryKek, vaultKey, wrapAad(vaultId, 'recovery'));
    wipe(recoveryKek);
    return {
      format: 'aikey-vault',
      version: 1,
      vaultId,
      createdAt,
      kdf,
      passwordWrap: wrapVaultKey(kek, vaultKey, wrapAad(vaultId, 'password', kdf)),
      recoveryWrap: { salt: recoverySalt.toString('base64'), sealed },
    };
  }

  private notifyUnlocked(): void {
    for (const listener of this.unlockListeners) {
      try {
        listener();
      } catch {
        // What follows an unlock (idle timer, live hub sync) must never undo it.
      }
    }
  }

  private openSession(vaultId: string, vaultKey: Buffer, create: boolean): void {
    const dbKey = deriveSubkey(vaultKey, 'database');
    let opened: OpenedDatabase, personalHubId: string;
    try {
      opened = openDatabase(this.paths.database, dbKey, { migrationsFolder: this.migrationsFolder, create });
      personalHubId = ensurePersonalHub(opened, this.now());
    } catch (error) {
      wipe(dbKey);
      const failure = storageFailure(error) ?? error;
      if (!isAikeyError(failure, 'VaultCorrupt')) throw failure;
      const message = failure.message.replace(/ Restore the newest backup.*$/, '');
      throw new AikeyError('VaultCorrupt', `${message} ${restoreAdvice(this.paths)}`, { cause: error });
    }
    this.current = {
      ...opened,
      vaultId,
      sealKey: deriveSubkey(vaultKey, 'seal-secrets'),
      fingerprintKey: deriveSubkey(vaultKey, 'key-fingerprint'),
      dbKey,
      personalHubId,
    };
  }
}

function ensurePersonalHub({ db }: OpenedDatabase, now: number): string {
  const personal = db.select({ id: hubs.id }).from(hubs).where(eq(hubs.kind, 'personal')).get();
  if (personal) return personal.id;
  const id = randomUUID();
  db.insert(hubs).values({ id, name: PERSONAL_HUB_NAME, kind: 'personal', createdAt: now }).run();
  return id;
}
