// A data directory written by the code before the src/core split (commit badc005) must open with
// today's code and show the user the same wallet: the same keys and values, the token their tools
// hold, the audit trail, and the recovery key they wrote down. Each test opens its own copy; the
// fixture itself is never opened in place.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import { OTHER_STRONG_PASSWORD, tempDir } from '../../helpers/temp-wallet.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/legacy-vault', import.meta.url));
const SECRETS = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/legacy-vault.json', import.meta.url)), 'utf8'),
) as { password: string; recoveryKey: string; token: string };

function legacyWallet(): Wallet {
  const dataDir = join(tempDir('aikey-legacy-'), 'data');
  cpSync(FIXTURE, dataDir, { recursive: true });
  const wallet = createWallet({ dataDir, kdf: KDF_FLOOR });
  onTestFinished(() => wallet.close());
  return wallet;
}

async function unlockedLegacyWallet(): Promise<Wallet> {
  const wallet = legacyWallet();
  await wallet.vault.unlock(SECRETS.password);
  return wallet;
}

describe('a vault made before the src/core split', () => {
  it('lists the same keys: openai rotated once with its notes, anthropic, and groq "old" deleted', async () => {
    const { keys } = await unlockedLegacyWallet();
    expect(keys.list()).toEqual([
      expect.objectContaining({
        hubName: 'Personal',
        provider: 'anthropic',
        name: 'default',
        masked: 'sk-ant-api03-…a1B2',
        previousMasked: null,
        deletedAt: null,
      }),
      expect.objectContaining({
        hubName: 'Personal',
        provider: 'openai',
        name: 'default',
        notes: 'work account',
        masked: 'sk-proj-…Q9z1',
        previousMasked: 'sk-proj-…Q9z0',
        rotatedAt: expect.any(Number) as number,
        deletedAt: null,
      }),
    ]);
    const [old] = keys.list({ state: 'deleted' });
    expect(old).toMatchObject({ provider: 'groq', name: 'old', deletedAt: expect.any(Number) as number });

    keys.restore(old?.id ?? '');
    expect(keys.list({ provider: 'groq' })).toEqual([
      expect.objectContaining({ name: 'old', deletedAt: null }),
    ]);
  });

  it('reveals the rotated openai key', async () => {
    const { keys } = await unlockedLegacyWallet();
    const openai = keys.list({ provider: 'openai' })[0];
    expect(keys.reveal(openai?.id ?? '')).toBe(`sk-proj-${'Ab3'.repeat(16)}Q9z1`);
  });

  it('accepts the access token the user already handed out, scoped to openai and anthropic', () => {
    const { tokens } = legacyWallet();
    const auth = tokens.authenticate(SECRETS.token);
    expect(auth).toMatchObject({
      kind: 'ok',
      token: { name: 'cv-git', revokedAt: null, scope: { hubs: null, providers: ['openai', 'anthropic'] } },
    });
    expect(tokens.authenticate(`${SECRETS.token.slice(0, -1)}x`).kind).toBe('unknown');
  });

  it('keeps the audit trail of what was done before', async () => {
    const { audit } = await unlockedLegacyWallet();
    const trail = audit
      .list()
      .entries.map((e) => [e.action, e.provider, e.keyName, e.result])
      .reverse();
    expect(trail).toEqual([
      ['key.create', 'openai', 'default', 'ok'],
      ['key.create', 'anthropic', 'default', 'ok'],
      ['key.create', 'groq', 'old', 'ok'],
      ['key.delete', 'groq', 'old', 'ok'],
      ['key.rotate', 'openai', 'default', 'ok'],
      ['token.create', null, null, 'ok'],
      ['key.reveal', 'openai', 'default', 'ok'],
    ]);
  });

  it('opens with the recovery key written down then, which sets a new master password', async () => {
    const wallet = legacyWallet();
    const { recoveryKey } = await wallet.vault.recover(SECRETS.recoveryKey, OTHER_STRONG_PASSWORD);
    expect(recoveryKey).not.toBe(SECRETS.recoveryKey);
    expect(wallet.keys.list()).toHaveLength(2);

    wallet.vault.lock();
    await wallet.vault.unlock(OTHER_STRONG_PASSWORD);
    const anthropic = wallet.keys.list({ provider: 'anthropic' })[0];
    expect(wallet.keys.reveal(anthropic?.id ?? '')).toMatch(/^sk-ant-api03-.+a1B2$/);
  });

  it('refuses a wrong master password with WrongPassword and stays locked', async () => {
    const { vault } = legacyWallet();
    await expect(vault.unlock(`${SECRETS.password}?`)).rejects.toMatchObject({ code: 'WrongPassword' });
    expect(vault.isUnlocked()).toBe(false);
  });
});
