import { describe, expect, it } from 'vitest';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';

describe('audit log', () => {
  it('records every create, update, delete, restore and reveal with actor, target, time and result', async () => {
    let now = 10_000;
    const { keys, audit } = await unlockedWallet({ now: () => (now += 1) });
    const key = keys.create(
      { provider: 'google', secret: SAMPLE_KEYS.google },
      { type: 'cli', name: 'aikey' },
    );
    keys.update({ id: key.id, notes: 'x' });
    keys.remove(key.id);
    keys.restore(key.id);
    keys.reveal(key.id);
    const { entries, total } = audit.list();
    expect(total).toBe(5);
    expect(entries.map((e) => e.action)).toEqual([
      'key.reveal',
      'key.restore',
      'key.delete',
      'key.update',
      'key.create',
    ]);
    expect(entries.at(-1)).toMatchObject({
      actorType: 'cli',
      actorName: 'aikey',
      keyId: key.id,
      hubName: 'Personal',
      provider: 'google',
      keyName: 'default',
      result: 'ok',
    });
    expect(entries[0]!.at).toBeGreaterThan(entries.at(-1)!.at);
  });

  it('filters by action, key, actor and result, and pages', async () => {
    const { keys, audit } = await unlockedWallet();
    const a = keys.create({ provider: 'openai', name: 'a', secret: SAMPLE_KEYS.openai });
    const b = keys.create({ provider: 'openai', name: 'b', secret: SAMPLE_KEYS.openai });
    for (let i = 0; i < 7; i += 1) keys.reveal(a.id);
    keys.reveal(b.id, { type: 'token', name: 'cv-git' });
    audit.record({
      actor: { type: 'token', name: 'cv-git' },
      action: 'key.read',
      result: 'denied',
      target: { provider: 'openai' },
    });
    expect(audit.list({ action: 'key.reveal' }).total).toBe(8);
    expect(audit.list({ keyId: a.id }).total).toBe(8);
    expect(audit.list({ actorName: 'cv-git' }).total).toBe(2);
    expect(audit.list({ result: 'denied' }).entries.map((e) => e.action)).toEqual(['key.read']);
    const page1 = audit.list({ limit: 4 });
    const page2 = audit.list({ limit: 4, offset: 4 });
    expect(page1.total).toBe(11);
    expect(page1.entries).toHaveLength(4);
    expect(new Set([...page1.entries, ...page2.entries].map((e) => e.id)).size).toBe(8);
    expect(() => audit.list({ limit: 0 })).toThrow();
  });
});

describe('audit of failures', () => {
  it('keeps the audit entry of a reveal that failed its integrity check', async () => {
    const { keys, audit, vault } = await unlockedWallet();
    const key = keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    vault.session().sqlite.prepare('UPDATE keys SET secret = zeroblob(40) WHERE id = ?').run(key.id);
    expect(() => keys.reveal(key.id)).toThrow(/integrity|damaged/);
    expect(audit.list({ action: 'key.reveal' }).entries.map((e) => e.result)).toEqual(['error']);
  });
});
