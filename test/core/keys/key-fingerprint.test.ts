// "Is this exact value already in the vault?" answered by keyed fingerprint: across hubs, following
// rotations and deletes, and different in every vault (a fingerprint says nothing without the key).
import { describe, expect, it } from 'vitest';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';

function storedFingerprint(wallet: Awaited<ReturnType<typeof unlockedWallet>>, id: string): Buffer {
  const row = wallet.vault.session().sqlite.prepare('SELECT fingerprint FROM keys WHERE id = ?').get(id) as {
    fingerprint: Buffer;
  };
  return row.fingerprint;
}

describe('key fingerprints', () => {
  it('finds a saved value, follows a rotation and forgets a deleted key', async () => {
    const wallet = await unlockedWallet();
    expect(wallet.keys.hasValue(SAMPLE_KEYS.openai)).toBe(false);
    const key = wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    expect(wallet.keys.hasValue(SAMPLE_KEYS.openai)).toBe(true);

    wallet.keys.update({ id: key.id, name: 'renamed' });
    expect(wallet.keys.keysWithValue(SAMPLE_KEYS.openai).map((k) => k.name)).toEqual(['renamed']);

    const rotated = `${SAMPLE_KEYS.openai}R`;
    wallet.keys.update({ id: key.id, secret: rotated });
    expect(wallet.keys.hasValue(SAMPLE_KEYS.openai)).toBe(false);
    expect(wallet.keys.hasValue(rotated)).toBe(true);

    wallet.keys.remove(key.id);
    expect(wallet.keys.hasValue(rotated)).toBe(false);
    wallet.keys.restore(key.id);
    expect(wallet.keys.hasValue(rotated)).toBe(true);
  });

  it('gives the same value a different fingerprint in another vault', async () => {
    const first = await unlockedWallet();
    const second = await unlockedWallet();
    const a = first.keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq });
    const b = second.keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq });
    expect(storedFingerprint(first, a.id).equals(storedFingerprint(second, b.id))).toBe(false);
  });
});
