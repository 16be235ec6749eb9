import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWallet } from '#core/wallet.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { STRONG_PASSWORD, unlockedWallet } from '../../helpers/temp-wallet.js';
import { codeOf } from '../../helpers/errors.js';

describe('access tokens', () => {
  it('returns the full value once, with 256 random bits, and lists it masked with scopes', async () => {
    const { tokens, audit } = await unlockedWallet();
    const issued = tokens.create({ name: 'cv-git', scope: { providers: ['anthropic', 'openai'] } });
    expect(issued.token).toMatch(/^aik_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(issued.token.split('_').slice(2).join('_'), 'base64url')).toHaveLength(32);
    const [listed] = tokens.list();
    expect(listed).toMatchObject({
      name: 'cv-git',
      masked: `aik_${issued.summary.id}_****`,
      scope: { providers: ['anthropic', 'openai'], hubs: null, keyNames: null },
      useCount: 0,
      lastUsedAt: null,
    });
    expect(JSON.stringify(tokens.list())).not.toContain(issued.token);
    expect(audit.list({ action: 'token.create' }).entries[0]?.detail).toContain('cv-git');
    expect(JSON.stringify(audit.list())).not.toContain(issued.token);
  });

  it('stores only a SHA-256 hash: the token value is not in tokens.db', async () => {
    const wallet = await unlockedWallet();
    const { token } = wallet.tokens.create({ name: 'ci' });
    const file = join(wallet.vault.paths.dir, 'tokens.db');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const f of [file, `${file}-wal`]) {
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from(token.slice(-20)))).toBe(false);
    }
  });

  it('authenticates the right value only; regenerate kills the old value at once; revoke hides it', async () => {
    const { tokens } = await unlockedWallet();
    const first = tokens.create({ name: 'cli' });
    expect(tokens.authenticate(first.token)).toMatchObject({ kind: 'ok', token: { name: 'cli' } });
    const flipped = first.token.slice(0, -1) + (first.token.endsWith('A') ? 'B' : 'A');
    expect(tokens.authenticate(flipped).kind).toBe('unknown');
    expect(tokens.authenticate('aik_nope').kind).toBe('unknown');
    expect(tokens.authenticate('').kind).toBe('unknown');
    const second = tokens.regenerate(first.summary.id);
    expect(second.summary).toMatchObject({ id: first.summary.id, name: 'cli' });
    expect(tokens.authenticate(first.token).kind).toBe('unknown');
    expect(tokens.authenticate(second.token).kind).toBe('ok');
    tokens.revoke(first.summary.id);
    expect(tokens.authenticate(second.token).kind).toBe('unknown');
    expect(tokens.list()).toEqual([]);
    expect(tokens.list({ includeRevoked: true })).toHaveLength(1);
    expect(codeOf(() => tokens.regenerate(first.summary.id))).toBe('TokenNotFound');
    // The name is free again once revoked.
    expect(tokens.create({ name: 'cli' }).summary.name).toBe('cli');
  });

  it('rejects duplicate live names, bad input, and changes while the vault is locked', async () => {
    const { tokens, vault } = await unlockedWallet();
    tokens.create({ name: 'dup' });
    expect(codeOf(() => tokens.create({ name: 'dup' }))).toBe('DuplicateName');
    expect(codeOf(() => tokens.create({ name: '' }))).toBe('InvalidInput');
    expect(codeOf(() => tokens.create({ name: 'x', scope: { providers: ['nope' as never] } }))).toBe(
      'InvalidInput',
    );
    expect(codeOf(() => tokens.create({ name: 'x', scope: { providers: [] } }))).toBe('InvalidInput');
    vault.lock();
    expect(codeOf(() => tokens.create({ name: 'while-locked' }))).toBe('VaultLocked');
    expect(codeOf(() => tokens.list())).toBe('VaultLocked');
    await vault.unlock(STRONG_PASSWORD);
    expect(tokens.list().map((t) => t.name)).toEqual(['dup']);
  });

  it('update changes scope and expiry, keeps the value working, and audits which fields changed', async () => {
    const { tokens, audit, vault } = await unlockedWallet();
    const issued = tokens.create({ name: 'ci', scope: { providers: ['anthropic'] }, expiresAt: 5_000 });
    const updated = tokens.update(issued.summary.id, {
      scope: { providers: ['openai', 'groq'], keyNames: ['work'] },
      expiresAt: null,
    });
    expect(updated).toMatchObject({
      id: issued.summary.id,
      name: 'ci',
      masked: issued.summary.masked,
      scope: { providers: ['openai', 'groq'], hubs: null, keyNames: ['work'] },
      expiresAt: null,
    });
    expect(tokens.authenticate(issued.token)).toMatchObject({ kind: 'ok', token: { scope: updated.scope } });
    // A field left out keeps its value; null widens it to all.
    expect(tokens.update(issued.summary.id, { scope: { providers: null } }).scope).toEqual({
      providers: null,
      hubs: null,
      keyNames: ['work'],
    });
    const details = audit.list({ action: 'token.update' }).entries.map((e) => e.detail);
    expect(details).toEqual([
      `token "ci" (${issued.summary.masked}): providers`,
      `token "ci" (${issued.summary.masked}): providers, key names, expiry`,
    ]);
    expect(codeOf(() => tokens.update(issued.summary.id, {}))).toBe('InvalidInput');
    expect(codeOf(() => tokens.update(issued.summary.id, { scope: {} }))).toBe('InvalidInput');
    expect(codeOf(() => tokens.update(issued.summary.id, { scope: { providers: [] } }))).toBe('InvalidInput');
    expect(codeOf(() => tokens.update('tok_nope', { expiresAt: null }))).toBe('TokenNotFound');
    vault.lock();
    expect(codeOf(() => tokens.update(issued.summary.id, { expiresAt: 1 }))).toBe('VaultLocked');
    await vault.unlock(STRONG_PASSWORD);
    tokens.revoke(issued.summary.id);
    expect(codeOf(() => tokens.update(issued.summary.id, { expiresAt: null }))).toBe('TokenNotFound');
    expect(tokens.list({ includeRevoked: true })[0]).toMatchObject({ expiresAt: null });
  });

  it('reports expiry, records batched usage, and is seen at once by another process', async () => {
    let now = 1_000_000;
    const wallet = await unlockedWallet({ now: () => now });
    const issued = wallet.tokens.create({ name: 'short', expiresAt: now + 1000 });
    // A second wallet on the same data directory stands in for the running endpoint's process.
    const other = createWallet({ dataDir: wallet.vault.paths.dir, kdf: KDF_FLOOR, now: () => now });
    expect(other.tokens.authenticate(issued.token).kind).toBe('ok');
    other.tokens.recordUses([{ id: issued.summary.id, count: 3, lastUsedAt: now }]);
    expect(wallet.tokens.get(issued.summary.id)).toMatchObject({ useCount: 3, lastUsedAt: now });
    now += 1000;
    expect(other.tokens.authenticate(issued.token).kind).toBe('expired');
    wallet.tokens.revoke(issued.summary.id);
    expect(other.tokens.authenticate(issued.token).kind).toBe('unknown');
    other.close();
  });
});
