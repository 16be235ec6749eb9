// What this wallet decided about other members, whatever the hub says later: the public keys it
// verified (hub_member_pins: a member presented with other keys is a swap) and the members it
// removed (hub_removed_members: they stay gone here). The only writer of both tables; a pin or a
// removal is never overwritten.
import { eq } from 'drizzle-orm';
import { hubMemberPins, hubRemovedMembers } from '../../db/schema/index.js';
import type { VaultSession } from '../../vault/vault.js';

export interface PinnedMember {
  encPub: string;
  signPub: string;
  deviceName: string;
}

export class MemberPins {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  pinned(hubId: string): Map<string, PinnedMember> {
    const rows = this.session().db.select().from(hubMemberPins).where(eq(hubMemberPins.hubId, hubId)).all();
    return new Map(
      rows.map((r) => [r.memberId, { encPub: r.encPub, signPub: r.signPub, deviceName: r.deviceName }]),
    );
  }

  /** Pins a verified member's keys; a member already pinned keeps its first keys. */
  pin(hubId: string, member: { memberId: string } & PinnedMember): void {
    const { memberId, encPub, signPub, deviceName } = member;
    this.session()
      .db.insert(hubMemberPins)
      .values({ hubId, memberId, encPub, signPub, deviceName, pinnedAt: this.now() })
      .onConflictDoNothing()
      .run();
  }

  /** Remembers that this wallet removed a member: it stays gone here whatever the hub lists. */
  markRemoved(hubId: string, memberId: string): void {
    this.session()
      .db.insert(hubRemovedMembers)
      .values({ hubId, memberId, removedAt: this.now() })
      .onConflictDoNothing()
      .run();
  }

  removed(hubId: string): Set<string> {
    const rows = this.session()
      .db.select({ memberId: hubRemovedMembers.memberId })
      .from(hubRemovedMembers)
      .where(eq(hubRemovedMembers.hubId, hubId))
      .all();
    return new Set(rows.map((r) => r.memberId));
  }
}
