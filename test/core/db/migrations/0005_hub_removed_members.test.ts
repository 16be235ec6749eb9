// 0005 adds hub_removed_members: members this wallet will never trust again in a hub. A 0004 team
// hub's sync state must come through untouched; the list starts empty and goes with its hub.
import { describe, expect, it } from 'vitest';
import { databaseAt, insertRows, migrateTo, tableRows } from '../migration-steps.js';

const HUBS = [
  { id: 'hub-personal', name: 'Personal', kind: 'personal', created_at: 1_000 },
  { id: 'hub-team', name: 'Acme', kind: 'team', created_at: 2_000 },
];

const TEAM_STATE = {
  hub_memberships: [
    {
      hub_id: 'hub-team',
      hub_url: 'https://hub.example.com',
      member_id: 'member-7',
      role: 'member',
      device_token_sealed: Buffer.from('sealed device token'),
      current_key_version: 2,
      pinned_signer_key: 'inviter-ed25519',
      pinned_owner_key: 'owner-ed25519',
      cursor: 17,
      status: 'active',
      joined_at: 2_000,
      last_sync_at: 8_000,
      last_error: null,
    },
  ],
  hub_keys: [
    { hub_id: 'hub-team', key_version: 2, sealed: Buffer.from('sealed hub key'), created_at: 5_000 },
  ],
  hub_member_pins: [
    {
      hub_id: 'hub-team',
      member_id: 'member-1',
      device_name: 'owner desktop',
      enc_pub: 'x25519-public',
      sign_pub: 'ed25519-public',
      pinned_at: 2_000,
    },
  ],
  hub_item_state: [{ hub_id: 'hub-team', item_id: 'item-1', revision: 4, key_version: 2, deleted: 0 }],
  sync_outbox: [{ hub_id: 'hub-team', item_id: 'item-2', op: 'upsert', queued_at: 7_000 }],
};

describe('0005_hub_removed_members', () => {
  it('keeps the sync state of a 0004 team hub and starts with nobody removed', () => {
    const db = databaseAt('vault', '0004_owner_key_pin');
    insertRows(db, 'hubs', HUBS);
    for (const [table, rows] of Object.entries(TEAM_STATE)) insertRows(db, table, rows);

    migrateTo(db, 'vault', '0005_hub_removed_members');

    expect(tableRows(db, 'hubs')).toEqual(HUBS);
    for (const [table, rows] of Object.entries(TEAM_STATE)) expect(tableRows(db, table), table).toEqual(rows);
    expect(tableRows(db, 'hub_removed_members')).toEqual([]);

    const removed = { hub_id: 'hub-team', member_id: 'member-9', removed_at: 9_000 };
    insertRows(db, 'hub_removed_members', [removed]);
    expect(tableRows(db, 'hub_removed_members')).toEqual([removed]);
    db.prepare('DELETE FROM hubs WHERE id = ?').run('hub-team');
    expect(tableRows(db, 'hub_removed_members')).toEqual([]);
  });
});
