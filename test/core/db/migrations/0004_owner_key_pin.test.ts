// 0004 adds pinned_owner_key to hub_memberships. A membership joined under 0003 keeps everything it
// had, and its owner pin is null: the invite code it joined with did not carry the owner's key.
import { describe, expect, it } from 'vitest';
import { databaseAt, insertRows, migrateTo, tableRows } from '../migration-steps.js';

const HUBS = [
  { id: 'hub-personal', name: 'Personal', kind: 'personal', created_at: 1_000 },
  { id: 'hub-team', name: 'Acme', kind: 'team', created_at: 2_000 },
];

const MEMBERSHIP = {
  hub_id: 'hub-team',
  hub_url: 'https://hub.example.com',
  member_id: 'member-7',
  role: 'admin',
  device_token_sealed: Buffer.from('sealed device token'),
  current_key_version: 3,
  pinned_signer_key: 'inviter-ed25519',
  cursor: 42,
  status: 'active',
  joined_at: 2_000,
  last_sync_at: 9_000,
  last_error: 'The hub did not answer.',
};

const PINS = [
  {
    hub_id: 'hub-team',
    member_id: 'member-1',
    device_name: 'Ada laptop',
    enc_pub: 'x25519-public',
    sign_pub: 'ed25519-public',
    pinned_at: 3_000,
  },
];

describe('0004_owner_key_pin', () => {
  it('keeps a 0003 membership and its pins, with no owner key pinned', () => {
    const db = databaseAt('vault', '0003_team_hub_sync');
    insertRows(db, 'hubs', HUBS);
    insertRows(db, 'hub_memberships', [MEMBERSHIP]);
    insertRows(db, 'hub_member_pins', PINS);

    migrateTo(db, 'vault', '0004_owner_key_pin');

    expect(tableRows(db, 'hubs')).toEqual(HUBS);
    expect(tableRows(db, 'hub_memberships')).toEqual([{ ...MEMBERSHIP, pinned_owner_key: null }]);
    expect(tableRows(db, 'hub_member_pins')).toEqual(PINS);
  });
});
