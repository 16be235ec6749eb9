// Ids, device tokens and invite secrets. Only SHA-256 digests are stored; a presented secret is
// compared with the stored digest in constant time. Nothing here logs or returns a digest.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEVICE_TOKEN_PATTERN } from '#shared/hub-api.js';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 12 characters of a 32-letter alphabet: 60 bits, enough to never collide by chance. */
export function newId(): string {
  let id = '';
  for (const byte of randomBytes(12)) id += ID_ALPHABET[byte & 31];
  return id;
}

/** 256 random bits, base64url without padding (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function matchesDigest(value: string, digest: Uint8Array): boolean {
  const presented = sha256(value);
  return presented.length === digest.length && timingSafeEqual(presented, digest);
}

export function newDeviceToken(memberId: string): string {
  return `ahd_${memberId}_${newSecret()}`;
}

/** The member id inside a well-formed device token, or null; says nothing about the secret. */
export function memberIdOfToken(token: string): string | null {
  return DEVICE_TOKEN_PATTERN.exec(token)?.[1] ?? null;
}
