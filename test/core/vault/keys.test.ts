import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubs } from '#core/db/schema/index.js';
import { isAikeyError } from '#shared/errors.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import { codeOf } from '../../helpers/errors.js';

describe('provider keys', () => {
  it('lists keys masked with prefix and last four, in the Personal hub by default, and reveals the value', async () => {
    const { keys } = await unlockedWallet();
    const created = keys.create({
      provider: 'anthropic',
      secret: `  ${SAMPLE_KEYS.anthropic}\n`,
      notes: 'work laptop',
    });
    expect(created).toMatchObject({
      hubName: 'Personal',
      provider: 'anthropic',
      name: 'default',
      usageCount: 0,
    });
    expect(created.masked).toBe('sk-ant-api03-…a1B2');
    const [listed] = keys.list();
    expect(listed).toEqual(created);
    expect(JSON.stringify(keys.list())).not.toContain(SAMPLE_KEYS.anthropic.slice(13, 40));
    expect(keys.reveal(created.id)).toBe(SAMPLE_KEYS.anthropic);
  });

  it('lists in pages that neither overlap nor skip a key, in the order of the whole list', async () => {
    const { keys, vault } = await unlockedWallet();
    // A team hub as a sync would record it; "Alpha" lists before "Personal".
    vault.session().db.insert(hubs).values({ id: 'team', name: 'Alpha', kind: 'team', createdAt: 1 }).run();
    for (const name of ['b', 'a', 'd', 'c', 'e', 'g', 'f']) {
      keys.create({ provider: 'openai', name, secret: SAMPLE_KEYS.openai });
      keys.create({
        provider: 'groq',
        name,
        secret: SAMPLE_KEYS.groq,
        hubId: name < 'd' ? 'team' : undefined,
      });
    }
    const listed = keys.list();
    expect(listed.map((k) => `${k.hubName} ${k.provider} ${k.name}`).slice(0, 5)).toEqual([
      'Alpha groq a',
      'Alpha groq b',
      'Alpha groq c',
      'Personal groq d',
      'Personal groq e',
    ]);
    const whole = listed.map((k) => k.id);
    expect(whole).toHaveLength(14);
    const paged: string[] = [];
    for (let offset = 0; offset < 20; offset += 3) {
      paged.push(...keys.list({ limit: 3, offset }).map((k) => k.id));
    }
    expect(paged).toEqual(whole);
    expect(keys.list({ offset: 10 }).map((k) => k.id)).toEqual(whole.slice(10));
    expect(keys.list({ provider: 'groq', offset: 2, limit: 3 }).map((k) => k.name)).toEqual(['c', 'd', 'e']);
    expect(codeOf(() => keys.list({ limit: 0 }))).toBe('InvalidInput');
    expect(codeOf(() => keys.list({ limit: 10_001 }))).toBe('InvalidInput');
  });

  it('refuses a key of the wrong format, naming the expected form but never echoing the value', async () => {
    const { keys } = await unlockedWallet();
    const wrong = 'sk-live-THIS-IS-NOT-AN-ANTHROPIC-KEY-0000';
    try {
      keys.create({ provider: 'anthropic', secret: wrong });
      throw new Error('accepted');
    } catch (error) {
      expect(isAikeyError(error, 'InvalidKeyFormat')).toBe(true);
      expect((error as Error).message).toContain('sk-ant-');
      expect((error as Error).message).not.toContain(wrong);
    }
    expect(keys.list()).toEqual([]);
    expect(codeOf(() => keys.create({ provider: 'google', secret: 'AIza-too-short' }))).toBe(
      'InvalidKeyFormat',
    );
    expect(codeOf(() => keys.create({ provider: 'openai', secret: '' }))).toBe('InvalidInput');
    expect(codeOf(() => keys.create({ provider: 'nope' as never, secret: 'x' }))).toBe('InvalidInput');
    expect(codeOf(() => keys.create({ provider: 'custom', secret: 'anything-goes' }))).toBe('InvalidInput');
    expect(
      keys.create({
        provider: 'custom',
        name: 'ollama',
        secret: 'local',
        baseUrl: 'http://127.0.0.1:11434/v1',
      }).masked,
    ).toBe('…');
    const azureKey = 'b2'.repeat(16);
    expect(codeOf(() => keys.create({ provider: 'azure', secret: azureKey }))).toBe('InvalidInput');
    expect(
      keys.create({ provider: 'azure', secret: azureKey, baseUrl: 'https://acme.openai.azure.com' }).baseUrl,
    ).toBe('https://acme.openai.azure.com');
  });

  it('keeps (hub, provider, name) unique among live keys with a clear error', async () => {
    const { keys } = await unlockedWallet();
    keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    try {
      keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
      throw new Error('accepted');
    } catch (error) {
      expect(isAikeyError(error, 'DuplicateName')).toBe(true);
      expect((error as Error).message).toBe(
        'The Personal hub already has a key for OpenAI named "default". Pick another name.',
      );
    }
    keys.create({ provider: 'openai', name: 'work', secret: SAMPLE_KEYS.openai });
    keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    expect(keys.list()).toHaveLength(3);
    const work = keys.list({ search: 'work' });
    expect(work.map((k) => k.name)).toEqual(['work']);
    expect(codeOf(() => keys.update({ id: work[0]!.id, name: 'default' }))).toBe('DuplicateName');
  });

  it('soft delete hides a key, restore brings it back, purge only takes deleted keys', async () => {
    const { keys } = await unlockedWallet();
    const key = keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq });
    expect(codeOf(() => keys.purge(key.id))).toBe('InvalidInput');
    keys.remove(key.id);
    expect(keys.list()).toEqual([]);
    expect(keys.list({ state: 'deleted' }).map((k) => k.id)).toEqual([key.id]);
    // The name is free again while the old key sits in Recently deleted ...
    const replacement = keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq });
    // ... so restoring the old one would clash.
    expect(codeOf(() => keys.restore(key.id))).toBe('DuplicateName');
    keys.remove(replacement.id);
    keys.restore(key.id);
    expect(keys.list().map((k) => k.id)).toEqual([key.id]);
    expect(keys.reveal(key.id)).toBe(SAMPLE_KEYS.groq);
    keys.purge(replacement.id);
    expect(keys.list({ state: 'deleted' })).toEqual([]);
    expect(codeOf(() => keys.reveal(replacement.id))).toBe('KeyNotFound');
  });

  it('rotating a value keeps the previous masked form and date; editing other fields is not a rotation', async () => {
    let now = 1_000_000;
    const { keys, audit } = await unlockedWallet({ now: () => now });
    const key = keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    now += 5_000;
    const edited = keys.update({ id: key.id, notes: 'billing: team A', secret: SAMPLE_KEYS.openai });
    expect(edited.previousMasked).toBeNull();
    now += 5_000;
    const rotated = keys.update({ id: key.id, secret: 'sk-proj-ROTATEDrotatedROTATEDrotated7777' });
    expect(rotated).toMatchObject({
      masked: 'sk-proj-…7777',
      previousMasked: key.masked,
      rotatedAt: now,
      notes: 'billing: team A',
    });
    expect(keys.reveal(key.id)).toBe('sk-proj-ROTATEDrotatedROTATEDrotated7777');
    expect(audit.list().entries.map((e) => e.action)).toEqual([
      'key.reveal',
      'key.rotate',
      'key.update',
      'key.create',
    ]);
  });

  it('counts usage and finds keys expiring within N days, expired ones included', async () => {
    const day = 86_400_000;
    const now = 1_700_000_000_000;
    const { keys } = await unlockedWallet({ now: () => now });
    const soon = keys.create({
      provider: 'openai',
      name: 'soon',
      secret: SAMPLE_KEYS.openai,
      expiresAt: now + 3 * day,
    });
    const past = keys.create({
      provider: 'openai',
      name: 'past',
      secret: SAMPLE_KEYS.openai,
      expiresAt: now - day,
    });
    keys.create({ provider: 'openai', name: 'later', secret: SAMPLE_KEYS.openai, expiresAt: now + 60 * day });
    keys.create({ provider: 'openai', name: 'never', secret: SAMPLE_KEYS.openai });
    expect(keys.expiringWithin(14).map((k) => k.id)).toEqual([past.id, soon.id]);
    keys.recordUse(soon.id);
    keys.recordUse(soon.id);
    expect(keys.get(soon.id)).toMatchObject({ usageCount: 2, lastUsedAt: now });
  });

  it('a sealed secret copied into another row, or with one flipped bit, refuses to open', async () => {
    const { keys, vault } = await unlockedWallet();
    const a = keys.create({ provider: 'openai', name: 'a', secret: SAMPLE_KEYS.openai });
    const b = keys.create({ provider: 'openai', name: 'b', secret: 'sk-proj-BBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
    const { sqlite } = vault.session();
    const sealedA = (sqlite.prepare('SELECT secret FROM keys WHERE id = ?').get(a.id) as { secret: Buffer })
      .secret;
    sqlite.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(sealedA, b.id);
    expect(codeOf(() => keys.reveal(b.id))).toBe('VaultCorrupt');
    for (const position of [0, 1, 12, 20, sealedA.length - 1]) {
      const flipped = Buffer.from(sealedA);
      flipped[position]! ^= 0x01;
      sqlite.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(flipped, a.id);
      expect(codeOf(() => keys.reveal(a.id))).toBe('VaultCorrupt');
    }
    sqlite.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(sealedA.subarray(0, 20), a.id);
    expect(codeOf(() => keys.reveal(a.id))).toBe('VaultCorrupt');
    // Listing never decrypts, so a damaged secret does not break the list.
    expect(keys.list()).toHaveLength(2);
    expect(keys.list({ state: 'deleted' })).toEqual([]);
  });

  it('a planted key is never found in clear in the database, its WAL, its backups or the audit log', async () => {
    const planted = `sk-ant-api03-PLANTED${'k'.repeat(40)}CANARY`;
    const wallet = await unlockedWallet();
    const key = wallet.keys.create({ provider: 'anthropic', secret: planted, notes: 'canary' });
    wallet.keys.reveal(key.id);
    wallet.keys.update({ id: key.id, secret: `${planted}2` });
    const needle = Buffer.from('PLANTED');
    const { dir } = wallet.vault.paths;
    const files = readdirSync(dir).filter((f) => f.startsWith('vault'));
    expect(files).toContain('vault.db-wal');
    for (const file of files) expect(readFileSync(join(dir, file)).includes(needle)).toBe(false);
    expect(JSON.stringify(wallet.audit.list({ limit: 500 }))).not.toContain('PLANTED');
    wallet.vault.lock();
    for (const file of readdirSync(dir).filter((f) => f.startsWith('vault'))) {
      expect(readFileSync(join(dir, file)).includes(needle)).toBe(false);
    }
  });
});
