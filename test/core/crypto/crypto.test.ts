import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAikeyError } from '#shared/errors.js';
import { open, seal, SEALED_OVERHEAD } from '#core/crypto/aead.js';
import { assertSafeKdf, DEFAULT_KDF, KDF_FLOOR } from '#core/crypto/kdf.js';
import { generateRecoveryKey, parseRecoveryKey } from '#core/crypto/recovery.js';

const key = randomBytes(32);
const aad = Buffer.from('aikey/v1/secret|hub|item');

function refuses(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (error) {
    return isAikeyError(error, 'VaultCorrupt');
  }
}

describe('seal and open', () => {
  it('round-trips and uses a fresh nonce every time', () => {
    const a = seal(key, Buffer.from('secret'), aad);
    const b = seal(key, Buffer.from('secret'), aad);
    expect(a.length).toBe(6 + SEALED_OVERHEAD);
    expect(a.equals(b)).toBe(false);
    expect(open(key, a, aad).toString()).toBe('secret');
  });

  it('refuses every single flipped bit anywhere in the blob', () => {
    const sealed = seal(key, Buffer.from('sk-test-value'), aad);
    for (let bit = 0; bit < sealed.length * 8; bit += 1) {
      const copy = Buffer.from(sealed);
      copy[bit >> 3]! ^= 1 << (bit & 7);
      expect(refuses(() => open(key, copy, aad))).toBe(true);
    }
  });

  it('refuses other AAD, another key, truncation and empty input', () => {
    const sealed = seal(key, Buffer.from('x'), aad);
    expect(refuses(() => open(key, sealed, Buffer.from('aikey/v1/secret|hub|other')))).toBe(true);
    expect(refuses(() => open(randomBytes(32), sealed, aad))).toBe(true);
    for (let n = 0; n < sealed.length; n += 1)
      expect(refuses(() => open(key, sealed.subarray(0, n), aad))).toBe(true);
  });
});

describe('Argon2id parameter bounds', () => {
  it('accepts the default and the floor, refuses below the floor and absurd sizes', () => {
    expect(() => assertSafeKdf(DEFAULT_KDF)).not.toThrow();
    expect(() => assertSafeKdf(KDF_FLOOR)).not.toThrow();
    for (const bad of [
      { ...DEFAULT_KDF, memoryKiB: 8 * 1024 },
      { ...DEFAULT_KDF, iterations: 1 },
      { ...DEFAULT_KDF, parallelism: 0 },
      { ...DEFAULT_KDF, memoryKiB: 16 * 1024 * 1024 },
      { ...DEFAULT_KDF, parallelism: 1024 },
    ]) {
      expect(() => assertSafeKdf(bad)).toThrow(/Argon2id parameters/);
    }
  });
});

describe('recovery key', () => {
  it('is 8 groups of 4 and parses back, forgiving case, spacing and look-alike letters', () => {
    const { display, bytes } = generateRecoveryKey();
    expect(display).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseRecoveryKey(display).equals(bytes)).toBe(true);
    expect(parseRecoveryKey(display.toLowerCase().replace(/-/g, '  ')).equals(bytes)).toBe(true);
    const withLookalikes = display.replace(/1/g, 'l').replace(/0/g, 'O');
    expect(parseRecoveryKey(withLookalikes).equals(bytes)).toBe(true);
    expect(() => parseRecoveryKey('too-short')).toThrow(/32 characters/);
  });
});
