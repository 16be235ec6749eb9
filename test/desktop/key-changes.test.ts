// keys:changes, the stamp an open Keys screen polls: it holds still while nothing is written, so an
// idle window never reloads 10k rows, and it moves when keys change here or in another process (the
// CLI opening the same vault), so the window shows their keys without a manual reload.
import { describe, expect, it } from 'vitest';
import { newWallet, SAMPLE_KEYS, STRONG_PASSWORD } from '../helpers/temp-wallet.js';
import { newDesktop } from './fixtures.js';

async function unlockedDesktop() {
  const desktop = newDesktop();
  await desktop.call('vault:create', { password: STRONG_PASSWORD });
  return desktop;
}

describe('keys:changes', () => {
  it('holds still across reads and moves when this wallet writes', async () => {
    const desktop = await unlockedDesktop();
    const { stamp } = await desktop.call('keys:changes');
    await desktop.call('keys:list', {});
    await desktop.call('hubs:list');
    expect((await desktop.call('keys:changes')).stamp).toBe(stamp);

    await desktop.call('keys:create', { provider: 'openai', secret: SAMPLE_KEYS.openai });
    expect((await desktop.call('keys:changes')).stamp).not.toBe(stamp);
  });

  it('moves when another process (the CLI) adds a key to the same vault', async () => {
    const desktop = await unlockedDesktop();
    const { stamp } = await desktop.call('keys:changes');
    const cli = newWallet({ dataDir: desktop.dataDir });
    await cli.vault.unlock(STRONG_PASSWORD);
    cli.keys.create({ provider: 'groq', name: 'from cli', secret: SAMPLE_KEYS.groq });

    expect((await desktop.call('keys:changes')).stamp).not.toBe(stamp);
    expect((await desktop.call('keys:list', {})).map((k) => k.name)).toEqual(['from cli']);
  });

  it('is refused while locked, and a new session never repeats a stamp seen before the lock', async () => {
    const desktop = await unlockedDesktop();
    const before = await desktop.call('keys:changes');
    await desktop.call('vault:lock');
    const locked = await desktop.router.invoke('keys:changes', 'app://aikey', undefined);
    expect(locked.ok ? 'ok' : locked.error.code).toBe('VaultLocked');
    await desktop.call('vault:unlock', { password: STRONG_PASSWORD });
    expect((await desktop.call('keys:changes')).stamp).not.toBe(before.stamp);
  });
});
