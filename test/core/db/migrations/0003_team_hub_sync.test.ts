// 0003 adds the team-hub sync tables beside the personal vault. A 0002 vault's hubs, keys and audit
// log must come through untouched, the new tables start empty, and a hub joined afterwards gets the
// defaults the sync code relies on (no hub key yet, cursor at the start).
import { describe, expect, it } from 'vitest';
import { databaseAt, insertRows, migrateTo, tableRows } from '../migration-steps.js';

const PERSONAL = { id: 'hub-personal', name: 'Personal', kind: 'personal', created_at: 1_000 };

const KEY = {
  id: 'key-openai',
  hub_id: PERSONAL.id,
  provider: 'openai',
  name: 'default',
  secret: Buffer.from('sealed key-openai'),
  masked: 'sk-proj-…Q9z1',
  notes: 'work account',
  base_url: null,
  expires_at: null,
  created_at: 2_000,
  updated_at: 4_000,
  usage_count: 3,
  last_used_at: 5_000,
  deleted_at: null,
  previous_masked: 'sk-proj-…Q9z0',
  rotated_at: 4_000,
};

const AUDIT = [
  {
    id: 1,
    at: 2_000,
    actor_type: 'app',
    actor_name: 'AIKey Wallet',
    action: 'key.create',
    key_id: KEY.id,
    hub_id: PERSONAL.id,
    hub_name: 'Personal',
    provider: 'openai',
    key_name: 'default',
    result: 'ok',
    detail: null,
  },
  {
    id: 2,
    at: 6_000,
    actor_type: 'token',
    actor_name: 'cv-git',
    action: 'key.read',
    key_id: KEY.id,
    hub_id: PERSONAL.id,
    hub_name: 'Personal',
    provider: 'openai',
    key_name: 'default',
    result: 'denied',
    detail: 'outside the token scope',
  },
];

const SYNC_TABLES = [
  'device_identity',
  'hub_memberships',
  'hub_keys',
  'hub_member_pins',
  'hub_item_state',
  'sync_outbox',
  'hub_invites',
  'hub_sync_reports',
];

describe('0003_team_hub_sync', () => {
  it('keeps a 0002 vault as it was and adds empty sync tables with their defaults', () => {
    const db = databaseAt('vault', '0002_key_lookup_index');
    insertRows(db, 'hubs', [PERSONAL]);
    insertRows(db, 'keys', [KEY]);
    insertRows(db, 'audit_log', AUDIT);

    migrateTo(db, 'vault', '0003_team_hub_sync');

    expect(tableRows(db, 'hubs')).toEqual([PERSONAL]);
    expect(tableRows(db, 'keys')).toEqual([KEY]);
    expect(tableRows(db, 'audit_log')).toEqual(AUDIT);
    for (const table of SYNC_TABLES) expect(tableRows(db, table), table).toEqual([]);

    const team = { id: 'hub-team', name: 'Acme', kind: 'team', created_at: 7_000 };
    insertRows(db, 'hubs', [team]);
    insertRows(db, 'hub_memberships', [
      {
        hub_id: team.id,
        hub_url: 'https://hub.example.com',
        member_id: 'member-1',
        role: 'member',
        device_token_sealed: Buffer.from('sealed device token'),
        pinned_signer_key: 'inviter-ed25519',
        status: 'pending',
        joined_at: 7_000,
      },
    ]);
    expect(tableRows(db, 'hub_memberships')).toEqual([
      expect.objectContaining({ current_key_version: 0, cursor: 0, last_sync_at: null, last_error: null }),
    ]);
  });
});
