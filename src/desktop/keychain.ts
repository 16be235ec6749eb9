// Optional "unlock with the OS keychain": the vault key, wrapped by the OS keychain (Electron's
// safeStorage, passed in as a KeychainBackend), lives in <dataDir>/keychain.bin (0600). It is
// refused, with the reason shown, where the keychain protects nothing: no encryption available, or
// Linux's basic_text backend (a fixed, public password). The wrapped blob also names the vault, so
// a file left from another vault is refused instead of trying its key. Never logs or returns a key.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AikeyError } from '#shared/errors.js';
import { wipe } from '#core/crypto/subkeys.js';
import type { KeychainStatus } from '#shared/schemas/keychain.js';
import { writeFileDurably } from '#core/vault/files.js';
import { readHeader } from '#core/vault/header.js';
import type { Vault } from '#core/vault/vault.js';

export interface KeychainBackend {
  isEncryptionAvailable(): boolean;
  /** Linux: 'basic_text' | 'gnome_libsecret' | 'kwallet' | ...; 'native' on macOS/Windows. */
  backend(): string;
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

const VAULT_KEY_BYTES = 32;

export class KeychainUnlock {
  readonly file: string;

  constructor(
    private readonly vault: Vault,
    private readonly backend: KeychainBackend,
    dataDir: string,
  ) {
    this.file = join(dataDir, 'keychain.bin');
  }

  status(): KeychainStatus {
    const reason = this.unavailableReason();
    return { available: reason === null, enabled: existsSync(this.file), reason };
  }

  /** Proves the password, then stores the vault key wrapped by the OS keychain. */
  async enable(password: string): Promise<KeychainStatus> {
    this.assertAvailable();
    const vaultKey = await this.vault.vaultKeyWithPassword(password);
    const plain = Buffer.concat([vaultKey, Buffer.from(readHeader(this.vault.paths.header).vaultId, 'utf8')]);
    try {
      writeFileDurably(this.file, this.backend.encrypt(plain));
    } finally {
      wipe(vaultKey, plain);
    }
    return this.status();
  }

  disable(): KeychainStatus {
    rmSync(this.file, { force: true });
    return this.status();
  }

  unlock(): void {
    if (this.vault.isUnlocked()) return;
    this.assertAvailable();
    if (!existsSync(this.file)) {
      throw new AikeyError(
        'KeychainUnavailable',
        'Unlock with the OS keychain is not turned on. Unlock with your master password.',
      );
    }
    let plain: Buffer;
    try {
      plain = this.backend.decrypt(readFileSync(this.file));
    } catch {
      throw new AikeyError(
        'KeychainUnavailable',
        'The OS keychain could not open the stored key. Unlock with your master password and turn keychain unlock on again.',
      );
    }
    const vaultKey = Buffer.from(plain.subarray(0, VAULT_KEY_BYTES));
    const vaultId = plain.subarray(VAULT_KEY_BYTES).toString('utf8');
    wipe(plain);
    try {
      if (vaultKey.length !== VAULT_KEY_BYTES || vaultId !== readHeader(this.vault.paths.header).vaultId) {
        throw new AikeyError(
          'KeychainUnavailable',
          'The key in the OS keychain belongs to another vault. Unlock with your master password and turn keychain unlock on again.',
        );
      }
      this.vault.unlockWithVaultKey(vaultKey);
    } finally {
      wipe(vaultKey);
    }
  }

  private unavailableReason(): string | null {
    if (!this.backend.isEncryptionAvailable()) {
      return 'This system offers no OS keychain the wallet can use, so the vault key cannot be stored there.';
    }
    if (this.backend.backend() === 'basic_text') {
      return 'No secret service (GNOME Keyring or KWallet) is running, so the OS keychain would store the key with a fixed password that protects nothing.';
    }
    return null;
  }

  private assertAvailable(): void {
    const reason = this.unavailableReason();
    if (reason !== null) throw new AikeyError('KeychainUnavailable', reason);
  }
}
