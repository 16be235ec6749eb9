// 0002 adds a partial index on keys (provider, name) for the endpoint's lookup across hubs. Keys
// written by a 0001 vault, live and deleted, must keep every value and be found through it.
import { describe, expect, it } from 'vitest';
import { databaseAt, insertRows, migrateTo, tableRows } from '../migration-steps.js';

const PERSONAL = { id: 'hub-personal', name: 'Personal', kind: 'personal', created_at: 1_000 };

function keyRow(id: string, provider: string, changes: Record<string, unknown> = {}) {
  return {
    id,
    hub_id: PERSONAL.id,
    provider,
    name: 'default',
    secret: Buffer.from(`sealed ${id}`),
    masked: `${provider}…${id.slice(-4)}`,
    notes: null,
    base_url: null,
    expires_at: null,
    created_at: 2_000,
    updated_at: 2_000,
    usage_count: 0,
    last_used_at: null,
    deleted_at: null,
    previous_masked: null,
    rotated_at: null,
    ...changes,
  };
}

const KEYS = [
  keyRow('key-openai-gone', 'openai', { deleted_at: 3_000 }),
  keyRow('key-openai-live', 'openai', {
    notes: 'work account',
    usage_count: 12,
    last_used_at: 5_000,
    previous_masked: 'sk-proj-…Q9z0',
    rotated_at: 4_000,
  }),
  keyRow('key-anthropic', 'anthropic', { expires_at: 9_000, base_url: 'https://proxy.example.com/v1' }),
];

const LOOKUP = 'SELECT id FROM keys WHERE provider = ? AND name = ? AND deleted_at IS NULL';

describe('0002_key_lookup_index', () => {
  it('keeps every key a 0001 vault wrote, and finds the live one by provider and name through the index', () => {
    const db = databaseAt('vault', '0001_key_rotation');
    insertRows(db, 'hubs', [PERSONAL]);
    insertRows(db, 'keys', KEYS);

    migrateTo(db, 'vault', '0002_key_lookup_index');

    expect(tableRows(db, 'hubs')).toEqual([PERSONAL]);
    expect(tableRows(db, 'keys')).toEqual(KEYS);
    expect(db.prepare(LOOKUP).all('openai', 'default')).toEqual([{ id: 'key-openai-live' }]);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${LOOKUP}`).all('openai', 'default') as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toContain('keys_live_provider_name_idx');
  });
});
