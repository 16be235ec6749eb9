// Which member keys this wallet believes. The hub hands out the member list, and a hub could swap
// a member's public key for its own to receive the next hub key; so a member is trusted only when
// its record carries a valid Ed25519 signature by an owner or admin this wallet already trusts,
// starting from the root keys (the inviter's and the owner's keys from the invite code, or the
// owner's own) and the keys pinned on earlier syncs: every trusted record's signature chain leads
// to one of them. A signer vouches only while active and only with the role its own verified
// record carries (or through a root key); a pinned member presented with other keys is a swap.
// Hub keys are taken only from a signer this view trusts as an active admin or owner.
import type { Member } from '#shared/hub-api.js';
import { verifyMember } from './hub-crypto.js';

export type MemberTrust = 'verified' | 'swapped_key' | 'unverified' | 'pending' | 'gone';

export interface TrustedMember extends Member {
  trust: MemberTrust;
}

export interface MemberPin {
  encPub: string;
  signPub: string;
}

export function assessMembers(
  hubId: string,
  members: Member[],
  rootKeys: readonly string[],
  pins: Map<string, MemberPin>,
  /** Members this wallet removed: gone whatever status the hub gives them. */
  removed: ReadonlySet<string> = new Set(),
): TrustedMember[] {
  const byId = new Map(members.map((m) => [m.memberId, m]));
  const trust = new Map<string, MemberTrust>();
  for (const m of members) {
    const pin = pins.get(m.memberId);
    if (removed.has(m.memberId)) trust.set(m.memberId, 'gone');
    else if (pin && (pin.encPub !== m.encPub || pin.signPub !== m.signPub))
      trust.set(m.memberId, 'swapped_key');
    else if (m.status === 'removed' || m.status === 'left') trust.set(m.memberId, 'gone');
    else if (m.status === 'pending' || m.signature === null || m.signedBy === null)
      trust.set(m.memberId, 'pending');
  }
  const roots = new Set(rootKeys);
  const asPinned = (m: Member) => {
    const pin = pins.get(m.memberId);
    return pin !== undefined && pin.encPub === m.encPub && pin.signPub === m.signPub;
  };
  // Decided before the chain is walked, from this wallet's own records and the hub's status alone.
  const ruledOut = new Set(trust.keys());
  // Whose signature settles a record. Only facts this wallet checked count: the role of a signer is
  // the one its verified record carries, never one the hub claims; so no answer depends on order.
  const authoritative = (signer: Member, m: Member): boolean => {
    if (signer.memberId === m.memberId) return m.role === 'owner' && (roots.has(m.signPub) || asPinned(m));
    // A record verified earlier keeps its signer's word, even after that signer left.
    if (asPinned(m) && (asPinned(signer) || roots.has(signer.signPub))) return true;
    if (signer.status !== 'active' || ruledOut.has(signer.memberId)) return false;
    if (trust.get(signer.memberId) === 'verified') return signer.role === 'owner' || signer.role === 'admin';
    // A key from the invite code, handed over out of band: only admins and the owner issue invites.
    return roots.has(signer.signPub);
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const m of members) {
      if (trust.has(m.memberId) || m.signature === null || m.signedBy === null) continue;
      const signer = byId.get(m.signedBy);
      if (!signer || !authoritative(signer, m)) continue;
      const valid = verifyMember({ hubId, ...m }, m.signature, Buffer.from(signer.signPub, 'base64'));
      trust.set(m.memberId, valid ? 'verified' : 'swapped_key');
      changed = true;
    }
  }
  return members.map((m) => ({ ...m, trust: trust.get(m.memberId) ?? 'unverified' }));
}

/** The member whose signature on a hub key this wallet accepts: verified, active, admin or owner. */
export function trustedKeySigner(members: TrustedMember[], memberId: string): TrustedMember | null {
  const signer = members.find((m) => m.memberId === memberId);
  return signer?.trust === 'verified' &&
    signer.status === 'active' &&
    (signer.role === 'owner' || signer.role === 'admin')
    ? signer
    : null;
}
