// Damage is found at unlock and named: one flipped byte in any page, a truncated, emptied or replaced
// database. Each is VaultCorrupt with the newest backup's path and the command that restores it, and
// nothing is deleted or silently replaced by a new, empty vault.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Wallet } from '#core/wallet.js';
import { failureOf } from '../../helpers/errors.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, unlockedWallet } from '../../helpers/temp-wallet.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A locked vault with enough keys for a few dozen pages, and today's backup taken. */
async function lockedVaultWithBackup(): Promise<Wallet> {
  const wallet = await unlockedWallet();
  for (let i = 0; i < 150; i += 1) {
    wallet.keys.create({
      provider: 'openai',
      name: `key-${i}`,
      secret: SAMPLE_KEYS.openai,
      notes: 'n'.repeat(200),
    });
  }
  wallet.vault.lock();
  await wallet.vault.unlock(STRONG_PASSWORD); // takes today's backup
  wallet.vault.lock();
  return wallet;
}

describe('a damaged vault database', () => {
  it('one flipped byte in any page is VaultCorrupt at unlock, naming the backup; the file is kept as it was', async () => {
    const wallet = await lockedVaultWithBackup();
    const file = wallet.vault.paths.database;
    const original = readFileSync(file);
    const pageSize = 4096;
    const pages = original.length / pageSize;
    expect(pages).toBeGreaterThan(20);
    const missed: number[] = [];
    for (let page = 0; page < pages; page += 1) {
      const damaged = Buffer.from(original);
      const at = page * pageSize + 100 + ((page * 37) % 3000);
      damaged[at] = damaged[at]! ^ 0x10;
      writeFileSync(file, damaged);
      const { code, message } = await failureOf(() => wallet.vault.unlock(STRONG_PASSWORD));
      if (code !== 'VaultCorrupt') missed.push(page);
      else {
        expect(message).toMatch(/backups\/vault-\d{4}-\d{2}-\d{2}\.db: restore it with `aikey restore`/);
        expect(readFileSync(file).equals(damaged)).toBe(true);
      }
    }
    expect(missed).toEqual([]);
    writeFileSync(file, original);
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(wallet.keys.list()).toHaveLength(150);
  });

  it('an emptied, truncated or replaced database is VaultCorrupt, never a new empty vault', async () => {
    const wallet = await lockedVaultWithBackup();
    const file = wallet.vault.paths.database;
    const original = readFileSync(file);
    const damage: [string, () => void][] = [
      ['emptied', () => writeFileSync(file, '')],
      ['truncated', () => truncateSync(file, Math.floor(original.length / 2))],
      [
        'replaced by a plain database',
        () => {
          writeFileSync(file, '');
          const other = new Database(file);
          other.exec('CREATE TABLE notes (x TEXT)');
          other.close();
        },
      ],
    ];
    for (const [what, harm] of damage) {
      writeFileSync(file, original);
      harm();
      const before = sha(file);
      const size = statSync(file).size;
      const { code, message } = await failureOf(() => wallet.vault.unlock(STRONG_PASSWORD));
      expect([what, code]).toEqual([what, 'VaultCorrupt']);
      expect(message).toContain('aikey restore');
      expect([what, sha(file), statSync(file).size]).toEqual([what, before, size]);
    }
  });
});
