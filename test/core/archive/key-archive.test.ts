// The export archive: a round trip between two vaults keeps every key and its content; a wrong
// passphrase, any altered byte or parameter, or a truncated archive imports nothing; a plaintext
// archive needs no passphrase; the encrypted file never holds a key in clear.
import { describe, expect, it } from 'vitest';
import { candidatesFromArchive, exportKeys } from '#core/archive/archive-transfer.js';
import { isArchiveText, openArchive, plaintextArchive, sealArchive } from '#core/archive/key-archive.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { applyImport, planImport } from '#core/import/import-plan.js';
import { failureOf } from '../../helpers/errors.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';

const PASSPHRASE = 'lantern orbit velvet quarry 1987';
const actor = { type: 'cli', name: 'aikey' } as const;
const given = (value: string) => () => Promise.resolve(value);
const AZURE = 'f00d'.repeat(8);

async function sourceWallet() {
  const wallet = await unlockedWallet();
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic, notes: 'laptop' });
  wallet.keys.create({ provider: 'openai', name: 'work', secret: SAMPLE_KEYS.openai, expiresAt: 9_000_000 });
  wallet.keys.create({ provider: 'azure', secret: AZURE, baseUrl: 'https://acme.openai.azure.com' });
  return wallet;
}

describe('export archive', () => {
  it('moves every key with its content to another vault, and imports nothing twice', async () => {
    const source = await sourceWallet();
    const text = await sealArchive(exportKeys(source.keys, actor), PASSPHRASE, { now: 1, kdf: KDF_FLOOR });
    expect(isArchiveText(text)).toBe(true);
    for (const value of [...Object.values(SAMPLE_KEYS), AZURE]) expect(text).not.toContain(value);
    expect(source.audit.list({ action: 'key.reveal' }).entries).toHaveLength(3);

    const target = await unlockedWallet();
    const archived = await openArchive(text, given(PASSPHRASE));
    const planned = planImport(
      target.keys,
      { id: target.vault.session().personalHubId, name: 'Personal' },
      candidatesFromArchive(target.keys, archived, 'keys.aikey', null),
    );
    expect(applyImport(target.keys, planned, actor).map((i) => i.action)).toEqual([
      'added',
      'added',
      'added',
    ]);
    const strip = (k: {
      provider: string;
      name: string;
      notes: string | null;
      baseUrl: string | null;
      expiresAt: number | null;
      hubName: string;
    }) => [k.hubName, k.provider, k.name, k.notes, k.baseUrl, k.expiresAt];
    expect(target.keys.list().map(strip)).toEqual(source.keys.list().map(strip));
    for (const key of target.keys.list()) {
      const original = source.keys.list().find((k) => k.provider === key.provider && k.name === key.name);
      expect(target.keys.reveal(key.id)).toBe(source.keys.reveal(original?.id ?? ''));
    }

    const again = planImport(
      target.keys,
      { id: target.vault.session().personalHubId, name: 'Personal' },
      candidatesFromArchive(target.keys, archived, 'keys.aikey', null),
    );
    expect(again.items.map((i) => i.reason)).toEqual([
      'already-in-vault',
      'already-in-vault',
      'already-in-vault',
    ]);
  });

  it('refuses a wrong passphrase and any altered, swapped or truncated part, with nothing imported', async () => {
    const source = await sourceWallet();
    const text = await sealArchive(exportKeys(source.keys, actor), PASSPHRASE, { now: 1, kdf: KDF_FLOOR });
    expect(await failureOf(() => openArchive(text, given('lantern orbit velvet quarry 1988')))).toMatchObject(
      {
        code: 'WrongPassword',
        message: expect.stringMatching(/passphrase does not open this archive/) as string,
      },
    );
    const archive = JSON.parse(text) as { sealed: string; kdf: { iterations: number; salt: string } };
    const sealed = Buffer.from(archive.sealed, 'base64');
    const flipped = (at: number) => {
      const copy = Buffer.from(sealed);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      return JSON.stringify({ ...archive, sealed: copy.toString('base64') });
    };
    for (const at of [0, 5, 20, sealed.length - 1]) {
      expect((await failureOf(() => openArchive(flipped(at), given(PASSPHRASE)))).code, `byte ${at}`).toBe(
        'WrongPassword',
      );
    }
    const moreIterations = JSON.stringify({
      ...archive,
      kdf: { ...archive.kdf, iterations: archive.kdf.iterations + 1 },
    });
    expect((await failureOf(() => openArchive(moreIterations, given(PASSPHRASE)))).code).toBe(
      'WrongPassword',
    );
    const truncated = JSON.stringify({ ...archive, sealed: sealed.subarray(0, 20).toString('base64') });
    expect((await failureOf(() => openArchive(truncated, given(PASSPHRASE)))).code).toBe('WrongPassword');
    expect((await failureOf(() => openArchive(text.slice(0, 40), given(PASSPHRASE)))).code).toBe(
      'InvalidInput',
    );
    const weakKdf = JSON.stringify({ ...archive, kdf: { ...archive.kdf, memoryKiB: 8 } });
    expect((await failureOf(() => openArchive(weakKdf, given(PASSPHRASE)))).code).toBe('UnsafeKdfParams');
    expect((await failureOf(() => openArchive('{"format":"other"}', given(PASSPHRASE)))).code).toBe(
      'InvalidInput',
    );
  });

  it('refuses a weak passphrase; a plaintext archive opens without one', async () => {
    const source = await sourceWallet();
    const keys = exportKeys(source.keys, actor);
    expect((await failureOf(() => sealArchive(keys, 'password1', { now: 1, kdf: KDF_FLOOR }))).code).toBe(
      'WeakPassword',
    );
    const text = plaintextArchive(keys, 1);
    expect(text).toContain(SAMPLE_KEYS.openai);
    const asked: string[] = [];
    const opened = await openArchive(text, () => {
      asked.push('passphrase');
      return Promise.resolve('');
    });
    expect(opened).toEqual(keys);
    expect(asked).toEqual([]);
  });
});
