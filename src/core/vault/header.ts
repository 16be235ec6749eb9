// The vault header: a small versioned JSON file beside the database that says how to get from a
// master password (or the recovery key) to the vault key. It holds the Argon2id parameters and salt,
// the vault key wrapped twice, and an HMAC (keyed from the vault key) over everything else, so any
// edit to the header is caught after unlock even where it does not break the unwrap.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AikeyError } from '#shared/errors.js';
import { open, seal } from '../crypto/aead.js';
import { assertSafeKdf, KdfParamsSchema, type KdfParams } from '../crypto/kdf.js';
import { deriveSubkey, wipe } from '../crypto/subkeys.js';
import { writeFileDurably } from './files.js';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*=*$/, 'must be base64');

export const HEADER_VERSION = 1;

const HeaderBodySchema = z.object({
  format: z.literal('aikey-vault'),
  version: z.literal(HEADER_VERSION),
  vaultId: z.string().uuid(),
  createdAt: z.number().int(),
  kdf: KdfParamsSchema,
  passwordWrap: base64,
  recoveryWrap: z.object({ salt: base64, sealed: base64 }),
});
const HeaderSchema = HeaderBodySchema.extend({ mac: base64 });

export type VaultHeaderBody = z.infer<typeof HeaderBodySchema>;
export type VaultHeader = z.infer<typeof HeaderSchema>;

/** AAD for a wrapped vault key: binds it to this vault, its purpose and (for passwords) the KDF. */
export function wrapAad(vaultId: string, purpose: 'password' | 'recovery', kdf?: KdfParams): Buffer {
  const kdfPart = kdf
    ? `|${kdf.algorithm}|${kdf.memoryKiB}|${kdf.iterations}|${kdf.parallelism}|${kdf.salt}`
    : '';
  return Buffer.from(`aikey/v1/vault-key|${purpose}|${vaultId}${kdfPart}`, 'utf8');
}

function canonical(body: VaultHeaderBody): string {
  return JSON.stringify([
    body.format,
    body.version,
    body.vaultId,
    body.createdAt,
    body.kdf,
    body.passwordWrap,
    body.recoveryWrap.salt,
    body.recoveryWrap.sealed,
  ]);
}

function macOf(vaultKey: Uint8Array, body: VaultHeaderBody): Buffer {
  const macKey = deriveSubkey(vaultKey, 'header-mac');
  try {
    return createHmac('sha256', macKey).update(canonical(body)).digest();
  } finally {
    wipe(macKey);
  }
}

/**
 * The way back from a damaged header. Both wraps of the vault key live in it, so nothing else (the
 * recovery key, the database backups, `aikey restore`) can stand in for it: only a copy can.
 */
export function headerAdvice(file: string): string {
  return `Put back your copy of ${file}: neither the recovery key nor the database backups open the vault without it.`;
}

export function readHeader(file: string): VaultHeader {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AikeyError('VaultNotFound', 'No vault exists here yet. Create one first.', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new AikeyError(
      'VaultCorrupt',
      `The vault header is not valid JSON: it is damaged. ${headerAdvice(file)}`,
      { cause },
    );
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) {
    throw new AikeyError(
      'VaultCorrupt',
      `The vault header is damaged or from an unknown version. ${headerAdvice(file)}`,
    );
  }
  // Refused before any hashing: a tampered cost must not turn unlock into a denial of service.
  try {
    assertSafeKdf(parsed.data.kdf);
  } catch (error) {
    throw new AikeyError(
      'UnsafeKdfParams',
      `The vault header is damaged or was tampered with: ${(error as Error).message} ${headerAdvice(file)}`,
    );
  }
  return parsed.data;
}

export function writeHeader(file: string, vaultKey: Uint8Array, body: VaultHeaderBody): VaultHeader {
  const header: VaultHeader = { ...body, mac: macOf(vaultKey, body).toString('base64') };
  writeFileDurably(file, `${JSON.stringify(header, null, 2)}\n`);
  return header;
}

export function verifyHeaderMac(vaultKey: Uint8Array, header: VaultHeader, file: string): void {
  const { mac, ...body } = header;
  const expected = macOf(vaultKey, body);
  const actual = Buffer.from(mac, 'base64');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new AikeyError(
      'VaultCorrupt',
      `The vault header was altered: its integrity check failed. ${headerAdvice(file)}`,
    );
  }
}

export function wrapVaultKey(wrapKey: Uint8Array, vaultKey: Uint8Array, aad: Uint8Array): string {
  return seal(wrapKey, vaultKey, aad).toString('base64');
}

/** Returns the vault key, or null when the wrap does not open (wrong password or recovery key). */
export function unwrapVaultKey(wrapKey: Uint8Array, wrapped: string, aad: Uint8Array): Buffer | null {
  try {
    const key = open(wrapKey, Buffer.from(wrapped, 'base64'), aad);
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}
