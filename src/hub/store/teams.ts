// Creating team hubs, invites and joining. An invite is checked (secret digest, unused, unexpired)
// and consumed in one transaction, so two joins racing on one invite yield exactly one member.
import { and, eq, isNull } from 'drizzle-orm';
import type {
  InviteCreateRequest,
  InviteCreateResponse,
  JoinRequest,
  JoinResponse,
} from '#shared/hub-api.js';
import { hubs, invites, members } from '../db/schema/index.js';
import { HubError } from '../errors.js';
import { matchesDigest, newDeviceToken, newId, newSecret, sha256 } from '../secrets.js';
import { notifyChange, type StoreContext } from './context.js';
import type { Caller } from './members.js';

const HOUR_MS = 3_600_000;
export const DEFAULT_INVITE_HOURS = 24 * 7;

export interface CreatedTeam {
  hubId: string;
  name: string;
  inviteId: string;
  inviteSecret: string;
  expiresAt: number;
}

/** A new team hub and its one-time OWNER invite (what `aikey-hub init` prints). */
export async function createTeam(ctx: StoreContext, name: string): Promise<CreatedTeam> {
  const hubId = newId();
  const inviteId = newId();
  const inviteSecret = newSecret();
  const createdAt = ctx.now();
  const expiresAt = createdAt + DEFAULT_INVITE_HOURS * HOUR_MS;
  await ctx.db.transaction(async (tx) => {
    await tx.insert(hubs).values({ id: hubId, name, createdAt });
    await tx.insert(invites).values({
      id: inviteId,
      hubId,
      role: 'owner',
      secretHash: sha256(inviteSecret),
      createdBy: null,
      createdAt,
      expiresAt,
    });
  });
  return { hubId, name, inviteId, inviteSecret, expiresAt };
}

export async function createInvite(
  ctx: StoreContext,
  caller: Caller,
  input: InviteCreateRequest,
): Promise<InviteCreateResponse> {
  const inviteId = newId();
  const inviteSecret = newSecret();
  const createdAt = ctx.now();
  const expiresAt = createdAt + (input.expiresInHours ?? DEFAULT_INVITE_HOURS) * HOUR_MS;
  await ctx.db.insert(invites).values({
    id: inviteId,
    hubId: caller.hubId,
    role: input.role,
    secretHash: sha256(inviteSecret),
    createdBy: caller.memberId,
    createdAt,
    expiresAt,
  });
  return { inviteId, inviteSecret, role: input.role, expiresAt };
}

export async function join(ctx: StoreContext, hubId: string, input: JoinRequest): Promise<JoinResponse> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ invite: invites, hubName: hubs.name })
      .from(invites)
      .innerJoin(hubs, eq(hubs.id, invites.hubId))
      .where(and(eq(invites.id, input.inviteId), eq(invites.hubId, hubId)))
      .for('update');
    // Unknown invite and wrong secret answer alike, so the id alone tells a prober nothing.
    if (!row || !matchesDigest(input.inviteSecret, row.invite.secretHash)) {
      throw new HubError('invite_invalid', 'This invite is not valid for this hub.');
    }
    const { invite } = row;
    const now = ctx.now();
    if (invite.usedAt !== null) throw new HubError('invite_used', 'This invite has already been used.');
    if (invite.expiresAt <= now) throw new HubError('invite_expired', 'This invite has expired.');
    const memberId = newId();
    const deviceToken = newDeviceToken(memberId);
    const status = invite.role === 'owner' ? 'active' : 'pending';
    const consumed = await tx
      .update(invites)
      .set({ usedAt: now, usedBy: memberId })
      .where(and(eq(invites.id, invite.id), isNull(invites.usedAt)))
      .returning({ id: invites.id });
    if (consumed.length === 0) throw new HubError('invite_used', 'This invite has already been used.');
    await tx.insert(members).values({
      id: memberId,
      hubId,
      role: invite.role,
      status,
      deviceName: input.deviceName,
      encPub: input.encPub,
      signPub: input.signPub,
      proof: input.proof,
      invitedBy: invite.createdBy,
      tokenHash: sha256(deviceToken),
      joinedAt: now,
    });
    await notifyChange(tx, hubId, 'member');
    return { memberId, deviceToken, role: invite.role, status, hub: { id: hubId, name: row.hubName } };
  });
}
