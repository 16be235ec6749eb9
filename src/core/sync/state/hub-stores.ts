// The sync module's stores over one vault session, composed once per HubSync. Each store is the
// only writer of its tables; `atomically` runs several stores' writes in one vault transaction.
import { writeTransaction } from '../../db/write-transaction.js';
import { KeyRows } from '../../keys/key-rows.js';
import type { VaultSession } from '../../vault/vault.js';
import { HubKeys } from './hub-keys.js';
import { ItemStates } from './item-states.js';
import { KeptInvites } from './kept-invites.js';
import { MemberPins } from './member-pins.js';
import { Memberships } from './memberships.js';
import { Outbox } from './outbox.js';
import { HubReports } from './reports.js';

export interface HubStores {
  memberships: Memberships;
  hubKeys: HubKeys;
  outbox: Outbox;
  itemStates: ItemStates;
  invites: KeptInvites;
  pins: MemberPins;
  reports: HubReports;
  /** Runs `fn` in one vault transaction (inside another one it runs as a savepoint). */
  atomically<T>(fn: () => T): T;
}

export function createHubStores(session: () => VaultSession, now: () => number = Date.now): HubStores {
  return {
    memberships: new Memberships(session, new KeyRows(session), now),
    hubKeys: new HubKeys(session, now),
    outbox: new Outbox(session, now),
    itemStates: new ItemStates(session),
    invites: new KeptInvites(session, now),
    pins: new MemberPins(session, now),
    reports: new HubReports(session, now),
    atomically: (fn) => writeTransaction(session().sqlite, fn),
  };
}
