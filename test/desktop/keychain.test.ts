// "Unlock with the OS keychain": refused with its reason where the keychain protects nothing
// (no encryption, Linux basic_text), and a full enable -> lock -> unlock -> disable round trip with
// a fake keychain that really encrypts. A wrong password, a keychain that cannot decrypt, or a file
// from another vault each leave the vault locked with a named error.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeychainUnlock } from '#desktop/keychain.js';
import {
  OTHER_STRONG_PASSWORD,
  SAMPLE_KEYS,
  STRONG_PASSWORD,
  unlockedWallet,
} from '../helpers/temp-wallet.js';
import { codeOf, failureOf } from '../helpers/errors.js';
import { fakeKeychain, newDesktop } from './fixtures.js';

describe('keychain unlock refused where it protects nothing', () => {
  it('refuses basic_text with the reason, in status and on enable, and writes nothing', async () => {
    const wallet = await unlockedWallet();
    const keychain = new KeychainUnlock(wallet.vault, fakeKeychain('basic_text'), wallet.vault.paths.dir);
    const status = keychain.status();
    expect(status).toMatchObject({ available: false, enabled: false });
    expect(status.reason).toMatch(/fixed password that protects nothing/);
    const refused = await failureOf(() => keychain.enable(STRONG_PASSWORD));
    expect(refused).toEqual({ code: 'KeychainUnavailable', message: status.reason });
    expect(existsSync(keychain.file)).toBe(false);
  });

  it('refuses when the OS offers no encryption', async () => {
    const wallet = await unlockedWallet();
    const keychain = new KeychainUnlock(wallet.vault, fakeKeychain('native', false), wallet.vault.paths.dir);
    expect(keychain.status().available).toBe(false);
    expect(keychain.status().reason).toMatch(/no OS keychain/);
    expect(await codeOf(() => keychain.enable(STRONG_PASSWORD))).toBe('KeychainUnavailable');
  });

  it('shows the refusal over IPC with the harness backend (basic_text)', async () => {
    const desktop = newDesktop({ keychain: fakeKeychain('basic_text') });
    await desktop.call('vault:create', { password: STRONG_PASSWORD });
    expect(await desktop.call('keychain:status')).toMatchObject({ available: false, enabled: false });
    const refused = await desktop.router.invoke('keychain:enable', 'app://aikey', {
      password: STRONG_PASSWORD,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'KeychainUnavailable' } });
  });
});

describe('keychain unlock round trip', () => {
  it('enables with the password, unlocks after a lock with no password, and disables', async () => {
    const desktop = newDesktop();
    await desktop.call('vault:create', { password: STRONG_PASSWORD });
    await desktop.call('keys:create', { provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });

    const enabled = await desktop.call('keychain:enable', { password: STRONG_PASSWORD });
    expect(enabled).toEqual({ available: true, enabled: true, reason: null });
    expect((await desktop.call('vault:status')).keychainUnlock).toBe(true);
    const file = `${desktop.dataDir}/keychain.bin`;
    expect(statSync(file).mode & 0o777).toBe(0o600);

    await desktop.call('vault:lock');
    await desktop.call('vault:unlockWithKeychain');
    expect((await desktop.call('vault:status')).unlocked).toBe(true);
    const [key] = await desktop.call('keys:list', {});
    expect(await desktop.call('keys:reveal', { id: key!.id })).toEqual({ secret: SAMPLE_KEYS.anthropic });

    expect(await desktop.call('keychain:disable')).toEqual({ available: true, enabled: false, reason: null });
    expect(existsSync(file)).toBe(false);
    await desktop.call('vault:lock');
    const refused = await desktop.router.invoke('vault:unlockWithKeychain', 'app://aikey', undefined);
    expect(refused).toMatchObject({ ok: false, error: { code: 'KeychainUnavailable' } });
    expect((await desktop.call('vault:status')).unlocked).toBe(false);
  });

  it('keeps working after the master password changes (the vault key is the same)', async () => {
    const wallet = await unlockedWallet();
    const keychain = new KeychainUnlock(wallet.vault, fakeKeychain(), wallet.vault.paths.dir);
    await keychain.enable(STRONG_PASSWORD);
    await wallet.vault.changePassword(STRONG_PASSWORD, OTHER_STRONG_PASSWORD);
    wallet.vault.lock();
    keychain.unlock();
    expect(wallet.vault.isUnlocked()).toBe(true);
  });

  it('refuses a wrong password on enable with WrongPassword and stores nothing', async () => {
    const wallet = await unlockedWallet();
    const keychain = new KeychainUnlock(wallet.vault, fakeKeychain(), wallet.vault.paths.dir);
    expect(await codeOf(() => keychain.enable(OTHER_STRONG_PASSWORD))).toBe('WrongPassword');
    expect(keychain.status().enabled).toBe(false);
  });

  it('stays locked when the OS keychain cannot open the stored key', async () => {
    const wallet = await unlockedWallet();
    const dir = wallet.vault.paths.dir;
    await new KeychainUnlock(wallet.vault, fakeKeychain(), dir).enable(STRONG_PASSWORD);
    wallet.vault.lock();
    // A keychain with another key: the OS keychain was reset or the file came from another account.
    const other = new KeychainUnlock(wallet.vault, fakeKeychain(), dir);
    expect(codeOf(() => other.unlock())).toBe('KeychainUnavailable');
    expect(wallet.vault.isUnlocked()).toBe(false);
  });

  it('refuses a keychain file made for another vault', async () => {
    const backend = fakeKeychain();
    const first = await unlockedWallet();
    const second = await unlockedWallet();
    const fromFirst = new KeychainUnlock(first.vault, backend, first.vault.paths.dir);
    await fromFirst.enable(STRONG_PASSWORD);
    const intoSecond = new KeychainUnlock(second.vault, backend, second.vault.paths.dir);
    writeFileSync(intoSecond.file, readFileSync(fromFirst.file));
    second.vault.lock();
    const refused = failureOf(() => intoSecond.unlock());
    expect(refused.code).toBe('KeychainUnavailable');
    expect(refused.message).toMatch(/another vault/);
    expect(second.vault.isUnlocked()).toBe(false);
  });
});
