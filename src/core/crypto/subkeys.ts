// Every key the vault uses is derived from the one vault key with HKDF-SHA256 and a purpose label,
// so the database cipher key, the secret-sealing key, the header MAC key and the key-fingerprint
// key never coincide.
import { hkdfSync } from 'node:crypto';

export type SubkeyPurpose = 'database' | 'seal-secrets' | 'header-mac' | 'key-fingerprint';

export function deriveSubkey(vaultKey: Uint8Array, purpose: SubkeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.alloc(0), `aikey/v1/${purpose}`, 32));
}

/** Overwrites key material we own; references held by native code are out of our reach. */
export function wipe(...buffers: (Uint8Array | null | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0);
}
