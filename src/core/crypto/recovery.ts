// The one-time recovery key: 160 random bits written as 32 Crockford base32 characters in groups
// of four, easy to read aloud and to type. Lower case, spaces, and the look-alikes I/L (1) and O (0)
// are accepted when typed. It is wide enough that HKDF alone (no password hashing) protects the wrap.
import { hkdfSync, randomBytes } from 'node:crypto';
import { AikeyError } from '#shared/errors.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECOVERY_BYTES = 20;
const GROUP = 4;

function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0)
      throw new AikeyError('BadRecoveryKey', 'The recovery key has a character that is not in it.');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateRecoveryKey(): { display: string; bytes: Buffer } {
  const bytes = randomBytes(RECOVERY_BYTES);
  const chars = toBase32(bytes);
  const groups = chars.match(new RegExp(`.{1,${GROUP}}`, 'g')) ?? [];
  return { display: groups.join('-'), bytes };
}

export function parseRecoveryKey(typed: string): Buffer {
  const normalized = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (normalized.length !== 32) {
    throw new AikeyError('BadRecoveryKey', 'A recovery key has 32 characters (8 groups of 4).');
  }
  return fromBase32(normalized).subarray(0, RECOVERY_BYTES);
}

export function recoveryWrapKey(recoveryBytes: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', recoveryBytes, salt, 'aikey/v1/recovery-wrap', 32));
}
