// Invites, both ends: issuing one (the hub keeps only a hash of its secret; this wallet keeps the
// secret sealed, to check the joiner's proof before approving it) and joining with one (a proof
// that binds this device's public keys to the invite secret, so a hub that swaps them on the way
// cannot get them approved). The code carries the inviter's signing key and, once the inviter has
// verified it, the owner's, so the joiner trusts members signed by either (a member invited by an
// admin still takes the owner's key rotations). The invite code is a one-time secret: never logged,
// never in an error.
import { AikeyError } from '#shared/errors.js';
import { type HubRole } from '#shared/hub-api.js';
import { decodeBase64Url, decodeInviteCode, encodeInviteCode } from '#shared/hub-protocol.js';
import { joinProof } from './hub-crypto.js';
import type { HubKeyring } from './hub-keyring.js';
import type { DeviceIdentity } from './identity.js';
import type { HubStores } from './state/hub-stores.js';
import { HubClient } from './sync-client.js';

export interface InviteOptions {
  role?: 'admin' | 'member';
  expiresInHours?: number;
}

export interface IssuedInvite {
  code: string;
  inviteId: string;
  role: HubRole;
  expiresAt: number;
}

/** Joins the hub an invite code names and records the membership; returns the hub id. */
export async function joinWithCode(
  stores: HubStores,
  identity: DeviceIdentity,
  code: string,
  deviceName?: string,
): Promise<string> {
  const invite = decodeInviteCode(code);
  if (stores.memberships.hubExists(invite.h) || stores.memberships.find(invite.h)) {
    throw new AikeyError('InvalidInput', 'This wallet already belongs to that hub.');
  }
  const me = identity.ensure(deviceName);
  const secret = Buffer.from(decodeBase64Url(invite.s));
  const proof = joinProof(secret, {
    hubId: invite.h,
    inviteId: invite.i,
    encPub: me.encPub,
    signPub: me.signPub,
  });
  secret.fill(0);
  const joined = await new HubClient(invite.u, invite.h, null).join({
    inviteId: invite.i,
    inviteSecret: invite.s,
    deviceName: me.deviceName,
    encPub: me.encPub,
    signPub: me.signPub,
    proof,
  });
  if (joined.hub.id !== invite.h) throw new AikeyError('HubTampered', 'The hub answered for another hub.');
  if (invite.f === null && joined.role !== 'owner') {
    throw new AikeyError('InvalidInvite', 'An invite without an inviter key must be the owner’s invite.');
  }
  const name = joined.hub.name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 64) || invite.h;
  stores.memberships.add(
    { id: invite.h, name },
    {
      hubUrl: invite.u,
      memberId: joined.memberId,
      role: joined.role,
      status: joined.status === 'active' ? 'active' : 'pending',
      // The owner trusts its own key first; everyone else the inviter's (and owner's) from the code.
      pinnedSignerKey: invite.f ?? me.signPub,
      pinnedOwnerKey: invite.o ?? null,
    },
    joined.deviceToken,
  );
  return invite.h;
}

/** Creates an invite on the hub, keeps its secret sealed, and builds the code to hand over. */
export async function issueInvite(
  stores: HubStores,
  identity: DeviceIdentity,
  keyring: HubKeyring,
  client: HubClient,
  hubId: string,
  options: InviteOptions,
): Promise<IssuedInvite> {
  const membership = stores.memberships.get(hubId);
  if (membership.role === 'member')
    throw new AikeyError('NotHubAdmin', 'Only an admin or the owner can invite.');
  const ownerKey =
    membership.role === 'owner'
      ? identity.ensure().signPub
      : (membership.pinnedOwnerKey ??
        (await keyring.members(hubId, client)).find((m) => m.role === 'owner' && m.trust === 'verified')
          ?.signPub);
  const created = await client.createInvite({
    role: options.role ?? 'member',
    ...(options.expiresInHours === undefined ? {} : { expiresInHours: options.expiresInHours }),
  });
  const secret = Buffer.from(decodeBase64Url(created.inviteSecret));
  stores.invites.keep(
    hubId,
    created.inviteId,
    created.role === 'admin' ? 'admin' : 'member',
    secret,
    created.expiresAt,
  );
  secret.fill(0);
  const code = encodeInviteCode({
    u: membership.hubUrl,
    h: hubId,
    i: created.inviteId,
    s: created.inviteSecret,
    f: identity.ensure().signPub,
    ...(ownerKey === undefined ? {} : { o: ownerKey }),
  });
  return { code, inviteId: created.inviteId, role: created.role, expiresAt: created.expiresAt };
}
