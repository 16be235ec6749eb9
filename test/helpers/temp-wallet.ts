// A wallet in a fresh temporary data directory, with Argon2id at OWASP's floor so the suite stays
// quick; one test in vault.test.ts runs the shipped default cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import type { VaultOptions } from '#core/vault/vault.js';

export const STRONG_PASSWORD = 'correct horse battery staple 42!';
export const OTHER_STRONG_PASSWORD = 'plum-velvet-orbit-canyon-1871';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

export function tempDir(prefix = 'aikey-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function newWallet(options: Partial<VaultOptions> = {}): Wallet {
  const dataDir = options.dataDir ?? join(tempDir(), 'data');
  const wallet = createWallet({ kdf: KDF_FLOOR, ...options, dataDir });
  cleanups.unshift(() => wallet.close());
  return wallet;
}

export async function unlockedWallet(
  options: Partial<VaultOptions> = {},
): Promise<Wallet & { recoveryKey: string }> {
  const wallet = newWallet(options);
  const { recoveryKey } = await wallet.vault.create(STRONG_PASSWORD);
  return { ...wallet, recoveryKey };
}

/** Realistic-looking keys that pass each provider's format check. */
export const SAMPLE_KEYS = {
  anthropic: `sk-ant-api03-${'Zq8'.repeat(30)}a1B2`,
  openai: `sk-proj-${'Xy7'.repeat(16)}Q9z0`,
  google: `AIza${'Sy'.repeat(17)}x`,
  groq: `gsk_${'a1'.repeat(26)}`,
} as const;
