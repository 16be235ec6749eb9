// Migrate to N-1, seed rows the way the older app wrote them, migrate to N, assert the rows.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seal } from '#core/crypto/aead.js';
import { defaultMigrationsFolder, migrationTags } from '#core/db/open.js';
import { secretAad } from '#core/keys/key-rows.js';
import { createWallet } from '#core/wallet.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, tempDir } from '../../helpers/temp-wallet.js';

function migrationsUpTo(tag: string): string {
  const source = defaultMigrationsFolder();
  const target = join(tempDir('aikey-migrations-'), 'drizzle');
  cpSync(source, target, { recursive: true });
  const journalFile = join(target, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((e) => e.tag === tag);
  journal.entries = journal.entries.slice(0, index + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return target;
}

describe('vault migrations', () => {
  it('ships the initial schema and the key-rotation step, in order', () => {
    expect(migrationTags(defaultMigrationsFolder())).toEqual([
      '0000_initial',
      '0001_key_rotation',
      '0002_key_lookup_index',
      '0003_team_hub_sync',
      '0004_owner_key_pin',
      '0005_hub_removed_members',
      '0006_key_fingerprint',
      '0007_content_version',
    ]);
  });

  it('0001_key_rotation keeps keys written by a 0000 vault, readable, with no rotation history', async () => {
    const dataDir = join(tempDir(), 'data');
    const old = createWallet({ dataDir, kdf: KDF_FLOOR, migrationsFolder: migrationsUpTo('0000_initial') });
    await old.vault.create(STRONG_PASSWORD);
    const { sqlite, sealKey, personalHubId } = old.vault.session();
    expect(
      sqlite
        .prepare("SELECT count(*) AS n FROM pragma_table_info('keys') WHERE name = 'previous_masked'")
        .get(),
    ).toEqual({ n: 0 });
    const id = '11111111-2222-3333-4444-555555555555';
    sqlite
      .prepare(
        `INSERT INTO keys (id, hub_id, provider, name, secret, masked, created_at, updated_at, usage_count, last_used_at)
         VALUES (?, ?, 'anthropic', 'legacy', ?, 'sk-ant-api03-…a1B2', 1000, 2000, 7, 3000)`,
      )
      .run(
        id,
        personalHubId,
        seal(sealKey, Buffer.from(SAMPLE_KEYS.anthropic), secretAad(personalHubId, id)),
      );
    old.vault.lock();

    const current = createWallet({ dataDir, kdf: KDF_FLOOR });
    await current.vault.unlock(STRONG_PASSWORD);
    const [key] = current.keys.list();
    expect(key).toMatchObject({
      id,
      name: 'legacy',
      usageCount: 7,
      lastUsedAt: 3000,
      createdAt: 1000,
      previousMasked: null,
      rotatedAt: null,
    });
    expect(current.keys.reveal(id)).toBe(SAMPLE_KEYS.anthropic);
    const rotated = current.keys.update({ id, secret: `${SAMPLE_KEYS.anthropic}Z` });
    expect(rotated.previousMasked).toBe('sk-ant-api03-…a1B2');
    current.vault.lock();
  });
});
