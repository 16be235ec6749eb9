// The token format: aik_<id>_<secret>, with a 12-character public id (to find the row) and a
// 256-bit random secret in base64url. Only SHA-256 of the whole value is stored; presented values
// are compared against it in constant time.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const TOKEN_PATTERN = /^aik_([a-z2-9]{12})_([A-Za-z0-9_-]{43})$/;

export function newTokenId(): string {
  const bytes = randomBytes(12);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte & 31];
  return id;
}

export function newTokenValue(id: string): string {
  return `aik_${id}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/** The id inside a well-formed token, or null. Says nothing about whether the secret is right. */
export function tokenIdOf(value: string): string | null {
  return TOKEN_PATTERN.exec(value)?.[1] ?? null;
}

export function tokenMatches(value: string, storedHash: Uint8Array): boolean {
  const presented = hashToken(value);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

export function maskToken(id: string): string {
  return `aik_${id}_****`;
}
