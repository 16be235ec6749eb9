// Authenticated encryption for everything the wallet seals: stored secrets, wrapped vault keys.
// AES-256-GCM with a fresh random 96-bit nonce per seal. The caller names what a blob belongs to
// in the AAD, so a blob moved to another row, hub or purpose fails to open.
// Never returns partial plaintext and never puts key or plaintext bytes in an error.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AikeyError } from '#shared/errors.js';

const FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;

export const SEALED_OVERHEAD = HEADER_BYTES + TAG_BYTES;

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new AikeyError('Internal', 'A sealing key must be 32 bytes.');
}

/** Seals plaintext as version(1) | nonce(12) | ciphertext | tag(16). */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const version = Buffer.from([FORMAT_VERSION]);
  cipher.setAAD(Buffer.concat([version, aad]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([version, nonce, body, cipher.getAuthTag()]);
}

/**
 * Opens a sealed blob or throws `VaultCorrupt`: any flipped bit in version, nonce, ciphertext, tag
 * or AAD, and any truncated or empty blob, is refused.
 */
export function open(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array, what = 'A sealed value'): Buffer {
  checkKey(key);
  if (sealed.length < SEALED_OVERHEAD || sealed[0] !== FORMAT_VERSION) {
    throw new AikeyError('VaultCorrupt', `${what} is damaged or was not sealed by this vault.`);
  }
  const nonce = sealed.subarray(1, HEADER_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(HEADER_BYTES, sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.concat([sealed.subarray(0, 1), aad]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new AikeyError('VaultCorrupt', `${what} failed its integrity check: it was altered or moved.`);
  }
}
