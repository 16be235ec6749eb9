// Auto-lock as a user sees it: an idle wallet locks itself, using it keeps it open, 0 turns idle
// locking off, and suspend or screen lock locks at once unless the user turned that off. Time is
// faked (only setTimeout/clearTimeout, after the vault exists), so nothing here waits for real.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoLock } from '#desktop/auto-lock.js';
import { unlockedWallet } from '../helpers/temp-wallet.js';
import { newDesktop } from './fixtures.js';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery staple 42!';

afterEach(() => {
  vi.useRealTimers();
});

async function walletWithAutoLock(minutes: number, lockOnSuspend = true) {
  const wallet = await unlockedWallet();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const autoLock = new AutoLock({ vault: wallet.vault, minutes, lockOnSuspend });
  autoLock.start();
  return { wallet, autoLock };
}

describe('auto-lock', () => {
  it('locks after the idle timeout, not before', async () => {
    const { wallet } = await walletWithAutoLock(15);
    vi.advanceTimersByTime(15 * MINUTE - 1);
    expect(wallet.vault.isUnlocked()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(wallet.vault.isUnlocked()).toBe(false);
  });

  it('starts the idle period again on activity', async () => {
    const { wallet, autoLock } = await walletWithAutoLock(15);
    vi.advanceTimersByTime(10 * MINUTE);
    autoLock.activity();
    vi.advanceTimersByTime(14 * MINUTE);
    expect(wallet.vault.isUnlocked()).toBe(true);
    vi.advanceTimersByTime(1 * MINUTE);
    expect(wallet.vault.isUnlocked()).toBe(false);
  });

  it('never locks on idle when the timeout is 0', async () => {
    const { wallet } = await walletWithAutoLock(0);
    vi.advanceTimersByTime(24 * 60 * MINUTE);
    expect(wallet.vault.isUnlocked()).toBe(true);
  });

  it('applies a new timeout at once', async () => {
    const { wallet, autoLock } = await walletWithAutoLock(0);
    autoLock.configure({ minutes: 2, lockOnSuspend: true });
    vi.advanceTimersByTime(2 * MINUTE);
    expect(wallet.vault.isUnlocked()).toBe(false);
  });

  it('locks on suspend or screen lock, unless that is turned off', async () => {
    const { wallet, autoLock } = await walletWithAutoLock(0, false);
    autoLock.systemSuspended();
    expect(wallet.vault.isUnlocked()).toBe(true);
    autoLock.configure({ minutes: 0, lockOnSuspend: true });
    autoLock.systemSuspended();
    expect(wallet.vault.isUnlocked()).toBe(false);
  });

  it('leaves no timer behind once the vault is locked by hand', async () => {
    const { wallet } = await walletWithAutoLock(15);
    wallet.vault.lock();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('auto-lock in the desktop app', () => {
  it('arms on unlock, is reset by activity pings, follows the setting and the power events', async () => {
    const desktop = newDesktop({ settings: { autoLockMinutes: 15 } });
    await desktop.start();
    await desktop.call('vault:create', { password: PASSWORD });
    desktop.wallet.vault.lock();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await desktop.call('vault:unlock', { password: PASSWORD });
    vi.advanceTimersByTime(10 * MINUTE);
    await desktop.call('activity:ping');
    vi.advanceTimersByTime(10 * MINUTE);
    expect((await desktop.call('vault:status')).unlocked).toBe(true);
    await desktop.call('settings:set', { autoLockMinutes: 1 });
    vi.advanceTimersByTime(1 * MINUTE);
    expect((await desktop.call('vault:status')).unlocked).toBe(false);

    await desktop.call('vault:unlock', { password: PASSWORD });
    desktop.systemSuspended();
    expect((await desktop.call('vault:status')).unlocked).toBe(false);
  });
});
