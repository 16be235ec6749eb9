// 0006 adds the keyed fingerprint beside each key. Rows of a 0005 vault come through untouched with
// no fingerprint; the first unlock of the wallet fills it in from the value, under the vault's own
// fingerprint subkey, so "already in the vault?" finds keys saved before the upgrade.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seal } from '#core/crypto/aead.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { defaultMigrationsFolder } from '#core/db/open.js';
import { secretAad } from '#core/keys/key-rows.js';
import { createWallet } from '#core/wallet.js';
import { SAMPLE_KEYS, STRONG_PASSWORD, tempDir } from '../../../helpers/temp-wallet.js';
import {
  databaseAt,
  insertRows,
  KEY_ROW_0005,
  migrateTo,
  PERSONAL_HUB_ROW,
  tableRows,
} from '../migration-steps.js';

const HUBS = [PERSONAL_HUB_ROW];
const KEY = KEY_ROW_0005;

function migrationsUpTo(tag: string): string {
  const target = join(tempDir('aikey-migrations-'), 'drizzle');
  cpSync(defaultMigrationsFolder(), target, { recursive: true });
  const journalFile = join(target, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag) + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return target;
}

describe('0006_key_fingerprint', () => {
  it('keeps the keys of a 0005 vault and gives them no fingerprint yet', () => {
    const db = databaseAt('vault', '0005_hub_removed_members');
    insertRows(db, 'hubs', HUBS);
    insertRows(db, 'keys', [KEY]);

    migrateTo(db, 'vault', '0006_key_fingerprint');

    expect(tableRows(db, 'keys')).toEqual([{ ...KEY, fingerprint: null }]);
  });

  it('fingerprints keys saved before the upgrade on the first unlock, never as a plain hash', async () => {
    const dataDir = join(tempDir(), 'data');
    const old = createWallet({
      dataDir,
      kdf: KDF_FLOOR,
      migrationsFolder: migrationsUpTo('0005_hub_removed_members'),
    });
    await old.vault.create(STRONG_PASSWORD);
    const { sqlite, sealKey, personalHubId } = old.vault.session();
    const id = '11111111-2222-3333-4444-555555555555';
    sqlite
      .prepare(
        `INSERT INTO keys (id, hub_id, provider, name, secret, masked, created_at, updated_at)
         VALUES (?, ?, 'openai', 'legacy', ?, 'sk-proj-…Q9z0', 1000, 2000)`,
      )
      .run(id, personalHubId, seal(sealKey, Buffer.from(SAMPLE_KEYS.openai), secretAad(personalHubId, id)));
    old.vault.lock();

    const current = createWallet({ dataDir, kdf: KDF_FLOOR });
    await current.vault.unlock(STRONG_PASSWORD);
    expect(current.keys.hasValue(SAMPLE_KEYS.openai)).toBe(true);
    expect(current.keys.keysWithValue(SAMPLE_KEYS.openai).map((k) => k.id)).toEqual([id]);
    expect(current.keys.hasValue(`${SAMPLE_KEYS.openai}x`)).toBe(false);
    const { fingerprint } = current.vault
      .session()
      .sqlite.prepare('SELECT fingerprint FROM keys WHERE id = ?')
      .get(id) as { fingerprint: Buffer };
    expect(fingerprint).toHaveLength(32);
    expect(fingerprint.equals(createHash('sha256').update(SAMPLE_KEYS.openai).digest())).toBe(false);
    current.close();
  });
});
