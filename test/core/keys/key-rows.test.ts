import { describe, expect, it, vi } from 'vitest';
import { KeyStore } from '#core/keys/key-store.js';
import { KeyRows, type KeyContent } from '#core/keys/key-rows.js';
import { vaultChangeStamp } from '#core/keys/change-stamp.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import { codeOf } from '../../helpers/errors.js';

const content = (secret: string, name = 'default'): KeyContent => ({
  provider: 'openai',
  name,
  secret,
  notes: null,
  baseUrl: null,
  expiresAt: null,
});

async function walletWithRows() {
  const wallet = await unlockedWallet();
  const session = () => wallet.vault.session();
  return { ...wallet, rows: new KeyRows(session), hubId: session().personalHubId };
}

describe('the keys table', () => {
  it('seals a value so it opens only in its own row', async () => {
    const { rows, keys, vault, hubId } = await walletWithRows();
    rows.insert(hubId, 'key-a', content(SAMPLE_KEYS.openai, 'a'), 1);
    rows.insert(hubId, 'key-b', content('sk-proj-BBBBBBBBBBBBBBBBBBBBBBBBBBBB', 'b'), 1);
    expect(keys.reveal('key-a')).toBe(SAMPLE_KEYS.openai);

    const a = rows.get('key-a')!;
    expect(codeOf(() => rows.openSecret({ ...a, id: 'key-b' }))).toBe('VaultCorrupt');
    expect(codeOf(() => rows.openSecret({ ...a, hubId: 'another-hub' }))).toBe('VaultCorrupt');
    vault.session().sqlite.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(a.secret, 'key-b');
    expect(codeOf(() => keys.reveal('key-b'))).toBe('VaultCorrupt');
    expect(JSON.stringify(rows.get('key-a'))).not.toContain(SAMPLE_KEYS.openai.slice(8, 30));
  });

  it('keeps the previous masked form and the time when a value changes, whoever changes it', async () => {
    const { rows, keys, hubId } = await walletWithRows();
    expect(rows.put(hubId, 'item-1', content(SAMPLE_KEYS.openai), 1_000)).toBe('created');
    expect(rows.put(hubId, 'item-1', content(SAMPLE_KEYS.openai, 'renamed'), 2_000)).toBe('updated');
    expect(keys.get('item-1')).toMatchObject({ name: 'renamed', previousMasked: null, rotatedAt: null });

    rows.put(hubId, 'item-1', content('sk-proj-ROTATEDrotatedROTATEDrotated7777', 'renamed'), 3_000);
    expect(keys.get('item-1')).toMatchObject({
      masked: 'sk-proj-…7777',
      previousMasked: 'sk-proj-…Q9z0',
      rotatedAt: 3_000,
      updatedAt: 3_000,
    });
    expect(keys.reveal('item-1')).toBe('sk-proj-ROTATEDrotatedROTATEDrotated7777');

    // Two values with the same masked form: still a rotation.
    const row = rows.get('item-1')!;
    expect(rows.update(row, { secret: 'sk-proj-OTHERotherOTHERotherOTHER7777' }, 4_000)).toEqual({
      rotated: true,
    });
    expect(rows.update(rows.get('item-1')!, { notes: 'team A' }, 5_000)).toEqual({ rotated: false });
    expect(keys.get('item-1')).toMatchObject({
      previousMasked: 'sk-proj-…7777',
      rotatedAt: 4_000,
      notes: 'team A',
    });
  });

  it('shows a rename, a soft delete, a restore and a purge in the key list', async () => {
    const { rows, keys, hubId, vault } = await walletWithRows();
    rows.insert(hubId, 'key-1', content(SAMPLE_KEYS.openai), 1_000);
    const stamp = vaultChangeStamp(vault.session());
    rows.rename('key-1', 'work', 2_000);
    expect(vaultChangeStamp(vault.session())).not.toBe(stamp);
    expect(keys.list().map((k) => [k.name, k.updatedAt])).toEqual([['work', 2_000]]);

    rows.markDeleted('key-1', 3_000);
    expect(keys.list()).toEqual([]);
    expect(keys.list({ state: 'deleted' })).toMatchObject([{ id: 'key-1', deletedAt: 3_000 }]);
    rows.restore('key-1', 4_000);
    expect(keys.list()).toMatchObject([{ id: 'key-1', deletedAt: null, updatedAt: 4_000 }]);

    rows.markDeleted('key-1', 5_000);
    expect(rows.put(hubId, 'key-1', content(SAMPLE_KEYS.openai), 6_000)).toBe('updated');
    expect(keys.list()).toMatchObject([{ id: 'key-1', name: 'default' }]);
    rows.purge(hubId, 'key-1');
    expect(keys.list()).toEqual([]);
    expect(keys.list({ state: 'deleted' })).toEqual([]);
  });

  it('writes leave no audit entry and tell the team-hub sync nothing', async () => {
    const { rows, audit, vault, hubId } = await walletWithRows();
    const onChange = vi.fn();
    const keys = new KeyStore(() => vault.session(), audit, Date.now, onChange);
    rows.put(hubId, 'item-1', content(SAMPLE_KEYS.openai), 1_000);
    rows.rename('item-1', 'other', 2_000);
    rows.markDeleted('item-1', 3_000);
    expect(audit.list().entries).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
    keys.restore('item-1');
    expect(onChange).toHaveBeenCalledWith({ hubId, keyId: 'item-1', op: 'restore' });
    expect(audit.list().entries.map((e) => e.action)).toEqual(['key.restore']);
  });
});
