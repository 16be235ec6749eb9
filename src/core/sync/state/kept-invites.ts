// Invite secrets this wallet handed out (hub_invites), sealed (AAD: hub id + invite id), kept only
// to check a joiner's proof before approving it. The only writer of hub_invites. Opened secrets are
// the caller's to wipe.
import { and, eq, lt } from 'drizzle-orm';
import { open, seal } from '../../crypto/aead.js';
import { hubInvites } from '../../db/schema/index.js';
import type { VaultSession } from '../../vault/vault.js';
import { hubSecretAad } from './sealing.js';

export interface KeptInvite {
  inviteId: string;
  role: 'admin' | 'member';
  secret: Buffer;
}

export class KeptInvites {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  keep(hubId: string, inviteId: string, role: 'admin' | 'member', secret: Buffer, expiresAt: number): void {
    const { db, sealKey } = this.session();
    db.insert(hubInvites)
      .values({
        inviteId,
        hubId,
        role,
        secretSealed: seal(sealKey, secret, hubSecretAad('hub-invite', hubId, inviteId)),
        createdAt: this.now(),
        expiresAt,
      })
      .run();
  }

  /** Invite secrets this wallet handed out for a hub, opened (the caller wipes them). */
  opened(hubId: string): KeptInvite[] {
    const { db, sealKey } = this.session();
    return db
      .select()
      .from(hubInvites)
      .where(eq(hubInvites.hubId, hubId))
      .all()
      .map((r) => ({
        inviteId: r.inviteId,
        role: r.role,
        secret: open(
          sealKey,
          r.secretSealed,
          hubSecretAad('hub-invite', hubId, r.inviteId),
          'An invite secret',
        ),
      }));
  }

  /** How many unexpired invites this wallet has out for a hub; expired ones are forgotten. */
  countOpen(hubId: string): number {
    const { db } = this.session();
    db.delete(hubInvites)
      .where(and(eq(hubInvites.hubId, hubId), lt(hubInvites.expiresAt, this.now())))
      .run();
    return db
      .select({ inviteId: hubInvites.inviteId })
      .from(hubInvites)
      .where(eq(hubInvites.hubId, hubId))
      .all().length;
  }

  forget(inviteId: string): void {
    this.session().db.delete(hubInvites).where(eq(hubInvites.inviteId, inviteId)).run();
  }
}
