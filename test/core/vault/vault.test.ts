import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAikeyError } from '#shared/errors.js';
import { DEFAULT_KDF } from '#core/crypto/kdf.js';
import { createWallet } from '#core/wallet.js';
import type { VaultHeader } from '#core/vault/header.js';
import {
  newWallet,
  OTHER_STRONG_PASSWORD,
  SAMPLE_KEYS,
  STRONG_PASSWORD,
  tempDir,
  unlockedWallet,
} from '../../helpers/temp-wallet.js';
import { codeOf } from '../../helpers/errors.js';

const readHeaderJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as VaultHeader;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('creating a vault', () => {
  it('uses Argon2id at m=64 MiB, t=3, p=4 by default with a 16-byte salt, and private file modes', async () => {
    const wallet = createWallet({ dataDir: join(tempDir(), 'data') });
    const { recoveryKey } = await wallet.vault.create(STRONG_PASSWORD);
    const header = readHeaderJson(wallet.vault.paths.header);
    expect(header.kdf).toMatchObject({ algorithm: 'argon2id', ...DEFAULT_KDF });
    expect(Buffer.from(header.kdf.salt, 'base64')).toHaveLength(16);
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(statSync(wallet.vault.paths.dir).mode & 0o777).toBe(0o700);
    expect(statSync(wallet.vault.paths.header).mode & 0o777).toBe(0o600);
    expect(statSync(wallet.vault.paths.database).mode & 0o777).toBe(0o600);
    expect(statSync(`${wallet.vault.paths.database}-wal`).mode & 0o777).toBe(0o600);
    expect(wallet.keys.list()).toEqual([]);
    wallet.vault.lock();
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(wallet.vault.isUnlocked()).toBe(true);
    wallet.vault.lock();
  });

  it('refuses a weak master password with a reason and creates nothing', async () => {
    const wallet = newWallet();
    expect(await codeOf(() => wallet.vault.create('password123'))).toBe('WeakPassword');
    expect(await codeOf(() => wallet.vault.create('short'))).toBe('WeakPassword');
    expect(wallet.vault.exists()).toBe(false);
  });

  it('refuses to create over an existing vault', async () => {
    const wallet = await unlockedWallet();
    expect(await codeOf(() => wallet.vault.create(OTHER_STRONG_PASSWORD))).toBe('VaultExists');
  });

  it('starts with a Personal hub, WAL journaling and synchronous=FULL', async () => {
    const wallet = await unlockedWallet();
    const { sqlite, personalHubId } = wallet.vault.session();
    expect(sqlite.prepare('SELECT name, kind FROM hubs WHERE id = ?').get(personalHubId)).toEqual({
      name: 'Personal',
      kind: 'personal',
    });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('unlocking', () => {
  it('rejects a wrong password with WrongPassword and changes nothing', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    wallet.vault.lock();
    const before = [sha(wallet.vault.paths.header), sha(wallet.vault.paths.database)];
    expect(await codeOf(() => wallet.vault.unlock('not the password at all'))).toBe('WrongPassword');
    expect(wallet.vault.isUnlocked()).toBe(false);
    expect([sha(wallet.vault.paths.header), sha(wallet.vault.paths.database)]).toEqual(before);
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(wallet.keys.list()).toHaveLength(1);
  });

  it('backs off after repeated failures, survives a restart, and resets on success', async () => {
    let now = 1_700_000_000_000;
    const wallet = await unlockedWallet({ now: () => now });
    wallet.vault.lock();
    for (let i = 0; i < 3; i += 1)
      expect(await codeOf(() => wallet.vault.unlock(`wrong guess ${i}`))).toBe('WrongPassword');
    // Three free guesses; after that each guess waits, and one made too early is refused unchecked,
    // even with the right password and even from a fresh process.
    expect(await codeOf(() => wallet.vault.unlock(STRONG_PASSWORD))).toBe('TooManyAttempts');
    now += 1_001;
    expect(await codeOf(() => wallet.vault.unlock('wrong guess 4'))).toBe('WrongPassword');
    const again = createWallet({ dataDir: wallet.vault.paths.dir, now: () => now });
    try {
      await again.vault.unlock(STRONG_PASSWORD);
      throw new Error('should have been refused');
    } catch (error) {
      expect(isAikeyError(error, 'TooManyAttempts')).toBe(true);
      expect(isAikeyError(error) ? error.retryAfterMs : 0).toBe(2_000);
    }
    now += 2_001;
    await again.vault.unlock(STRONG_PASSWORD);
    again.vault.lock();
    expect(await codeOf(() => again.vault.unlock('one more wrong one'))).toBe('WrongPassword');
    await again.vault.unlock(STRONG_PASSWORD);
    again.vault.lock();
  });

  it('refuses header KDF parameters below the floor or absurdly large, before hashing', async () => {
    const wallet = await unlockedWallet();
    wallet.vault.lock();
    const header = readHeaderJson(wallet.vault.paths.header);
    for (const kdf of [
      { ...header.kdf, memoryKiB: 1024 },
      { ...header.kdf, iterations: 1 },
      { ...header.kdf, memoryKiB: 64 * 1024 * 1024 },
      { ...header.kdf, iterations: 100_000 },
      { ...header.kdf, salt: Buffer.alloc(4).toString('base64') },
    ]) {
      writeFileSync(wallet.vault.paths.header, JSON.stringify({ ...header, kdf }));
      expect(await codeOf(() => wallet.vault.unlock(STRONG_PASSWORD))).toBe('UnsafeKdfParams');
    }
  });

  it('detects a tampered header: any edited field, bad JSON, or a flipped bit in a wrap', async () => {
    const wallet = await unlockedWallet();
    wallet.vault.lock();
    const original = readFileSync(wallet.vault.paths.header, 'utf8');
    const header = JSON.parse(original) as VaultHeader;
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[bytes.length - 5]! ^= 0x01;
      return bytes.toString('base64');
    };
    const cases: [string, string][] = [
      [JSON.stringify({ ...header, createdAt: header.createdAt + 1 }), 'VaultCorrupt'],
      [
        JSON.stringify({
          ...header,
          recoveryWrap: { ...header.recoveryWrap, sealed: flip(header.recoveryWrap.sealed) },
        }),
        'VaultCorrupt',
      ],
      [JSON.stringify({ ...header, mac: flip(header.mac) }), 'VaultCorrupt'],
      [JSON.stringify({ ...header, version: 99 }), 'VaultCorrupt'],
      [original.slice(0, 40), 'VaultCorrupt'],
      ['', 'VaultCorrupt'],
      [JSON.stringify({ ...header, passwordWrap: flip(header.passwordWrap) }), 'WrongPassword'],
      [JSON.stringify({ ...header, kdf: { ...header.kdf, salt: flip(header.kdf.salt) } }), 'WrongPassword'],
    ];
    for (const [text, code] of cases) {
      writeFileSync(wallet.vault.paths.header, text);
      expect(await codeOf(() => wallet.vault.unlock(STRONG_PASSWORD))).toBe(code);
      expect(wallet.vault.isUnlocked()).toBe(false);
    }
    writeFileSync(wallet.vault.paths.header, original);
    await wallet.vault.unlock(STRONG_PASSWORD);
  });

  it('a damaged header names its file and the one way back, a copy of it', async () => {
    const wallet = await unlockedWallet();
    wallet.vault.lock();
    const file = wallet.vault.paths.header;
    const header = readHeaderJson(file);
    for (const text of [
      '{"format":',
      JSON.stringify({ ...header, version: 99 }),
      JSON.stringify({ ...header, createdAt: header.createdAt + 1 }),
      JSON.stringify({ ...header, kdf: { ...header.kdf, memoryKiB: 64 * 1024 * 1024 } }),
    ]) {
      writeFileSync(file, text);
      await expect(wallet.vault.unlock(STRONG_PASSWORD)).rejects.toThrow(
        `Put back your copy of ${file}: neither the recovery key nor the database backups open the vault without it.`,
      );
    }
  });
});

describe('a database without its header', () => {
  it('creating a vault there moves the old database aside, never deletes it', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    wallet.vault.lock();
    const { dir, database, header } = wallet.vault.paths;
    const before = sha(database);
    rmSync(header);
    const again = newWallet({ dataDir: dir });
    await again.vault.create(OTHER_STRONG_PASSWORD);
    const orphans = readdirSync(dir).filter((f) => /^vault\.db\.orphan-\d+$/.test(f));
    expect(orphans).toHaveLength(1);
    expect(sha(join(dir, orphans[0]!))).toBe(before);
    expect(again.keys.list()).toEqual([]);
  });
});

describe('locking', () => {
  it('drops the session: every service answers VaultLocked and the sealing key is wiped', async () => {
    const wallet = await unlockedWallet();
    const created = wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    const session = wallet.vault.session();
    let locked = 0;
    wallet.vault.onLock(() => (locked += 1));
    wallet.vault.lock();
    expect(locked).toBe(1);
    expect(session.sealKey.every((b) => b === 0)).toBe(true);
    expect(session.sqlite.open).toBe(false);
    expect(codeOf(() => wallet.keys.list())).toBe('VaultLocked');
    expect(codeOf(() => wallet.keys.reveal(created.id))).toBe('VaultLocked');
    expect(codeOf(() => wallet.audit.list())).toBe('VaultLocked');
  });
});

describe('changing the master password', () => {
  it('re-wraps the vault key only: the database file is untouched and the old password stops working', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    wallet.vault.lock();
    const dbBefore = sha(wallet.vault.paths.database);
    expect(
      await codeOf(() => wallet.vault.changePassword('wrong current password', OTHER_STRONG_PASSWORD)),
    ).toBe('WrongPassword');
    expect(await codeOf(() => wallet.vault.changePassword(STRONG_PASSWORD, 'weakpass1'))).toBe(
      'WeakPassword',
    );
    await wallet.vault.changePassword(STRONG_PASSWORD, OTHER_STRONG_PASSWORD);
    expect(sha(wallet.vault.paths.database)).toBe(dbBefore);
    expect(await codeOf(() => wallet.vault.unlock(STRONG_PASSWORD))).toBe('WrongPassword');
    await wallet.vault.unlock(OTHER_STRONG_PASSWORD);
    const [key] = wallet.keys.list();
    expect(wallet.keys.reveal(key!.id)).toBe(SAMPLE_KEYS.anthropic);
  });
});

describe('recovery', () => {
  it('opens with the recovery key as typed loosely, sets a new password and issues a new one-time key', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    wallet.vault.lock();
    const typed = wallet.recoveryKey.toLowerCase().replace(/-/g, ' ');
    const { recoveryKey: next } = await wallet.vault.recover(typed, OTHER_STRONG_PASSWORD);
    expect(next).not.toBe(wallet.recoveryKey);
    const [key] = wallet.keys.list();
    expect(wallet.keys.reveal(key!.id)).toBe(SAMPLE_KEYS.openai);
    wallet.vault.lock();
    expect(await codeOf(() => wallet.vault.recover(wallet.recoveryKey, STRONG_PASSWORD))).toBe(
      'BadRecoveryKey',
    );
    expect(await codeOf(() => wallet.vault.unlock(STRONG_PASSWORD))).toBe('WrongPassword');
    await wallet.vault.unlock(OTHER_STRONG_PASSWORD);
  });

  it('rejects a malformed or wrong recovery key and changes nothing', async () => {
    const wallet = await unlockedWallet();
    wallet.vault.lock();
    const before = sha(wallet.vault.paths.header);
    expect(await codeOf(() => wallet.vault.recover('ABCD-EFGH', OTHER_STRONG_PASSWORD))).toBe(
      'BadRecoveryKey',
    );
    expect(await codeOf(() => wallet.vault.recover('U'.repeat(32), OTHER_STRONG_PASSWORD))).toBe(
      'BadRecoveryKey',
    );
    expect(await codeOf(() => wallet.vault.recover('0'.repeat(32), OTHER_STRONG_PASSWORD))).toBe(
      'BadRecoveryKey',
    );
    expect(sha(wallet.vault.paths.header)).toBe(before);
  });
});

describe('a damaged database', () => {
  it('reports VaultCorrupt for a database from another vault', async () => {
    const a = await unlockedWallet();
    const b = await unlockedWallet();
    a.vault.lock();
    b.vault.lock();
    writeFileSync(a.vault.paths.database, readFileSync(b.vault.paths.database));
    expect(await codeOf(() => a.vault.unlock(STRONG_PASSWORD))).toBe('VaultCorrupt');
  });

  it('reports VaultCorrupt for garbage, then restores from the daily backup without deleting the damaged file', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq });
    wallet.vault.lock();
    await wallet.vault.unlock(STRONG_PASSWORD); // takes today's backup
    wallet.vault.lock();
    const bytes = readFileSync(wallet.vault.paths.database);
    bytes.fill(0x41, 0, 4096);
    writeFileSync(wallet.vault.paths.database, bytes);
    expect(await codeOf(() => wallet.vault.unlock(STRONG_PASSWORD))).toBe('VaultCorrupt');
    expect(wallet.vault.restoreLatestBackup()).toMatch(/^vault-\d{4}-\d{2}-\d{2}\.db$/);
    expect(readdirSync(wallet.vault.paths.dir).some((f) => f.startsWith('vault.db.damaged-'))).toBe(true);
    await wallet.vault.unlock(STRONG_PASSWORD);
    expect(wallet.keys.list().map((k) => k.provider)).toEqual(['groq']);
    expect(existsSync(wallet.vault.paths.database)).toBe(true);
  });
});
