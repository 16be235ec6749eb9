// This wallet's team-hub memberships: the team rows of the hubs table and hub_memberships, with the
// device token sealed (AAD: hub id). The only writer of both; the Personal hub row belongs to the
// vault. Forgetting a hub deletes the hub row, and the hub's other tables go with it by cascade.
import { and, asc, eq } from 'drizzle-orm';
import { AikeyError } from '#shared/errors.js';
import { open, seal } from '../../crypto/aead.js';
import { hubMemberships, hubs, type HubMembershipRow, type HubRow } from '../../db/schema/index.js';
import { writeTransaction } from '../../db/write-transaction.js';
import type { KeyRows } from '../../keys/key-rows.js';
import type { VaultSession } from '../../vault/vault.js';
import { hubSecretAad } from './sealing.js';

/** What joining records besides the hub's id and name (the rest starts at its defaults). */
export type NewMembership = Omit<
  HubMembershipRow,
  'hubId' | 'deviceTokenSealed' | 'joinedAt' | 'lastSyncAt' | 'lastError' | 'cursor' | 'currentKeyVersion'
>;

export class Memberships {
  constructor(
    private readonly session: () => VaultSession,
    private readonly keyRows: KeyRows,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every membership, oldest first. */
  list(): HubMembershipRow[] {
    return this.session().db.select().from(hubMemberships).orderBy(asc(hubMemberships.joinedAt)).all();
  }

  find(hubId: string): HubMembershipRow | null {
    return (
      this.session().db.select().from(hubMemberships).where(eq(hubMemberships.hubId, hubId)).get() ?? null
    );
  }

  /** The membership of a hub, or HubNotFound. */
  get(hubId: string): HubMembershipRow {
    const row = this.find(hubId);
    if (!row) throw new AikeyError('HubNotFound', 'This wallet has not joined a team hub with that id.');
    return row;
  }

  /** Every local hub (Personal and team), for listings. */
  hubs(): Pick<HubRow, 'id' | 'name' | 'kind'>[] {
    return this.session().db.select({ id: hubs.id, name: hubs.name, kind: hubs.kind }).from(hubs).all();
  }

  /** Whether any local hub (Personal or team) has this id. */
  hubExists(hubId: string): boolean {
    return this.session().db.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, hubId)).get() !== undefined;
  }

  /** The hub's local name, or its id when the row is gone. */
  hubName(hubId: string): string {
    return (
      this.session().db.select({ name: hubs.name }).from(hubs).where(eq(hubs.id, hubId)).get()?.name ?? hubId
    );
  }

  /** Creates the local hub row and the membership together. */
  add(hub: { id: string; name: string }, membership: NewMembership, deviceToken: string): void {
    const { db, sqlite, sealKey } = this.session();
    const now = this.now();
    writeTransaction(sqlite, () => {
      db.insert(hubs).values({ id: hub.id, name: hub.name, kind: 'team', createdAt: now }).run();
      db.insert(hubMemberships)
        .values({
          ...membership,
          hubId: hub.id,
          deviceTokenSealed: seal(
            sealKey,
            Buffer.from(deviceToken, 'utf8'),
            hubSecretAad('hub-device-token', hub.id),
          ),
          joinedAt: now,
        })
        .run();
    });
  }

  update(hubId: string, changes: Partial<Omit<HubMembershipRow, 'hubId' | 'deviceTokenSealed'>>): void {
    this.session().db.update(hubMemberships).set(changes).where(eq(hubMemberships.hubId, hubId)).run();
  }

  deviceToken(hubId: string): string {
    const { sealKey } = this.session();
    return open(
      sealKey,
      this.get(hubId).deviceTokenSealed,
      hubSecretAad('hub-device-token', hubId),
      'A hub device token',
    ).toString('utf8');
  }

  /**
   * Forgets a team hub entirely: its keys (through the keys table's owner: those rows have no
   * cascade, so they go first), then the hub row (membership and the rest cascade).
   */
  forget(hubId: string): void {
    const { db, sqlite } = this.session();
    writeTransaction(sqlite, () => {
      this.keyRows.purgeHub(hubId);
      db.delete(hubs)
        .where(and(eq(hubs.id, hubId), eq(hubs.kind, 'team')))
        .run();
    });
  }
}
