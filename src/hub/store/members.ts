// Who is calling, and what members may do to each other. A device token is found by the member id
// it carries, then proven by comparing digests in constant time; only after that proof does a
// removed member learn it was removed (401 member_removed), so a guess reveals nothing.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type {
  ApproveRequest,
  HubRole,
  KeyBootstrapRequest,
  Member,
  MembersResponse,
  MyKeysResponse,
  RemoveResponse,
} from '#shared/hub-api.js';
import { hubs, invites, members, wrappedKeys, type MemberRow } from '../db/schema/index.js';
import { HubError } from '../errors.js';
import { matchesDigest, memberIdOfToken } from '../secrets.js';
import { lockHub, notifyChange, type StoreContext } from './context.js';

export interface Caller {
  hubId: string;
  memberId: string;
  role: HubRole;
  status: 'pending' | 'active';
}

export async function authenticate(ctx: StoreContext, hubId: string, token: string | null): Promise<Caller> {
  const memberId = token === null ? null : memberIdOfToken(token);
  const unauthorized = new HubError('unauthorized', 'A valid device token for this hub is required.');
  if (token === null || memberId === null) throw unauthorized;
  const [row] = await ctx.db.select().from(members).where(eq(members.id, memberId));
  if (!row || !matchesDigest(token, row.tokenHash) || row.hubId !== hubId) throw unauthorized;
  if (row.status === 'removed' || row.status === 'left') {
    throw new HubError('member_removed', 'This device is no longer a member of this hub.');
  }
  return { hubId, memberId: row.id, role: row.role, status: row.status };
}

export function requireActive(caller: Caller): void {
  if (caller.status !== 'active') {
    throw new HubError('member_pending', 'An admin has not approved this device yet.');
  }
}

export function requireAdmin(caller: Caller): void {
  requireActive(caller);
  if (caller.role === 'member') throw new HubError('forbidden', 'Only an admin or the owner may do this.');
}

function toMember(row: MemberRow): Member {
  return {
    memberId: row.id,
    role: row.role,
    status: row.status,
    deviceName: row.deviceName,
    encPub: row.encPub,
    signPub: row.signPub,
    proof: row.proof,
    signature: row.signature,
    signedBy: row.signedBy,
    invitedBy: row.invitedBy,
    joinedAt: row.joinedAt,
    removedAt: row.removedAt,
  };
}

export async function listMembers(ctx: StoreContext, caller: Caller): Promise<MembersResponse> {
  const [hub] = await ctx.db.select().from(hubs).where(eq(hubs.id, caller.hubId));
  if (!hub) throw new HubError('not_found', 'No such hub.');
  const rows = await ctx.db
    .select()
    .from(members)
    .where(eq(members.hubId, caller.hubId))
    .orderBy(asc(members.joinedAt), asc(members.id));
  return {
    hub: { id: hub.id, name: hub.name, currentKeyVersion: hub.currentKeyVersion },
    members: rows.map(toMember),
  };
}

async function memberOf(tx: Parameters<typeof notifyChange>[0], hubId: string, memberId: string) {
  const [row] = await tx
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.hubId, hubId)))
    .for('update');
  if (!row) throw new HubError('not_found', 'No such member in this hub.');
  return row;
}

export async function approve(
  ctx: StoreContext,
  caller: Caller,
  memberId: string,
  input: ApproveRequest,
): Promise<Member> {
  requireAdmin(caller);
  if (input.signedBy !== caller.memberId) {
    throw new HubError('invalid_request', 'signedBy must be the approving member.');
  }
  return ctx.db.transaction(async (tx) => {
    const hub = await lockHub(tx, caller.hubId);
    const target = await memberOf(tx, caller.hubId, memberId);
    const selfSign = target.id === caller.memberId;
    if (selfSign) {
      // Only the owner signs itself, once: everybody else is vouched for by an admin.
      if (caller.role !== 'owner' || target.signature !== null) {
        throw new HubError('forbidden', 'Only the owner signs its own record, and only once.');
      }
      if (input.wrappedKeys.length > 0) {
        throw new HubError('invalid_request', 'The owner uploads its hub key through /keys.');
      }
    } else {
      if (target.status !== 'pending')
        throw new HubError('not_pending', 'This member is not waiting for approval.');
      const current = hub.currentKeyVersion;
      if (current !== null && !input.wrappedKeys.some((k) => k.keyVersion === current)) {
        throw new HubError('invalid_request', `wrappedKeys must include the current key version ${current}.`);
      }
      if (input.wrappedKeys.some((k) => current === null || k.keyVersion > current)) {
        throw new HubError('invalid_request', 'wrappedKeys names a key version the hub does not have.');
      }
      if (input.wrappedKeys.length > 0) {
        await tx
          .insert(wrappedKeys)
          .values(
            input.wrappedKeys.map((k) => ({
              hubId: caller.hubId,
              memberId,
              signedBy: caller.memberId,
              ...k,
            })),
          )
          .onConflictDoNothing();
      }
    }
    const [updated] = await tx
      .update(members)
      .set({ status: 'active', signature: input.signature, signedBy: caller.memberId })
      .where(eq(members.id, memberId))
      .returning();
    await notifyChange(tx, caller.hubId, 'member');
    return toMember(updated ?? target);
  });
}

/** Remove (admin/owner, anyone but the owner) or leave (own id, anyone but the owner). */
export async function removeMember(
  ctx: StoreContext,
  caller: Caller,
  memberId: string,
): Promise<RemoveResponse> {
  const leaving = memberId === caller.memberId;
  if (!leaving) requireAdmin(caller);
  return ctx.db.transaction(async (tx) => {
    const target = await memberOf(tx, caller.hubId, memberId);
    if (target.role === 'owner') throw new HubError('forbidden', 'The owner cannot be removed or leave.');
    if (target.status === 'removed' || target.status === 'left') {
      return { memberId, status: target.status };
    }
    const status = leaving ? 'left' : 'removed';
    const now = ctx.now();
    await tx.update(members).set({ status, removedAt: now }).where(eq(members.id, memberId));
    // Invites it handed out but nobody used yet die with its membership.
    await tx
      .update(invites)
      .set({ expiresAt: now })
      .where(and(eq(invites.createdBy, memberId), isNull(invites.usedAt)));
    await notifyChange(tx, caller.hubId, 'member');
    return { memberId, status };
  });
}

export async function bootstrapKey(
  ctx: StoreContext,
  caller: Caller,
  input: KeyBootstrapRequest,
): Promise<number> {
  requireActive(caller);
  if (caller.role !== 'owner') throw new HubError('forbidden', 'Only the owner creates the first hub key.');
  const [wrap, ...others] = input.wrappedKeys;
  if (!wrap || others.length > 0 || wrap.memberId !== caller.memberId || wrap.signedBy !== caller.memberId) {
    throw new HubError('invalid_request', 'The first hub key is wrapped for the owner only.');
  }
  return ctx.db.transaction(async (tx) => {
    const hub = await lockHub(tx, caller.hubId);
    if (hub.currentKeyVersion !== null) throw new HubError('key_exists', 'This hub already has a key.');
    await tx.insert(wrappedKeys).values({ hubId: hub.id, keyVersion: 1, ...wrap });
    await tx.update(hubs).set({ currentKeyVersion: 1 }).where(eq(hubs.id, hub.id));
    await notifyChange(tx, hub.id, 'key');
    return 1;
  });
}

export async function myKeys(ctx: StoreContext, caller: Caller): Promise<MyKeysResponse> {
  const [hub] = await ctx.db.select().from(hubs).where(eq(hubs.id, caller.hubId));
  const rows = await ctx.db
    .select({
      keyVersion: wrappedKeys.keyVersion,
      blob: wrappedKeys.blob,
      signature: wrappedKeys.signature,
      signedBy: wrappedKeys.signedBy,
    })
    .from(wrappedKeys)
    .where(eq(wrappedKeys.memberId, caller.memberId))
    .orderBy(asc(wrappedKeys.keyVersion));
  return { currentKeyVersion: hub?.currentKeyVersion ?? null, keys: rows };
}
