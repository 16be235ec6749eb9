// Which member keys a wallet believes, from the signature chain alone: what a hub could present
// (a swapped key, a raised role, a signer without the right, a forged owner) and what the wallet
// concludes from its pinned signer key and earlier pins.
import { describe, expect, it } from 'vitest';
import type { HubRole, Member } from '#shared/hub-api.js';
import { generateRawKeyPair, privateKeyFromRaw, signMember } from '#core/sync/hub-crypto.js';
import { assessMembers, trustedKeySigner, type MemberPin } from '#core/sync/member-trust.js';

const HUB = 'hubhubhub234';

interface Device {
  member: Member;
  sign(record: Member): string;
}

function device(memberId: string, role: HubRole): Device {
  const enc = generateRawKeyPair('X25519');
  const sig = generateRawKeyPair('Ed25519');
  const key = privateKeyFromRaw(sig.privateKey, sig.publicKey, 'Ed25519');
  const member: Member = {
    memberId,
    role,
    status: 'active',
    deviceName: memberId,
    encPub: enc.publicKey.toString('base64'),
    signPub: sig.publicKey.toString('base64'),
    proof: Buffer.alloc(32).toString('base64'),
    signature: null,
    signedBy: null,
    invitedBy: null,
    joinedAt: 0,
    removedAt: null,
  };
  return { member, sign: (record) => signMember({ hubId: HUB, ...record }, key) };
}

function signedBy(subject: Device, signer: Device): Member {
  return { ...subject.member, signature: signer.sign(subject.member), signedBy: signer.member.memberId };
}

const owner = device('owner2345678', 'owner');
const admin = device('admin2345678', 'admin');
const member = device('membr2345678', 'member');
const chain = [signedBy(owner, owner), signedBy(admin, owner), signedBy(member, admin)];
const trustOf = (
  members: Member[],
  roots: string | string[] = owner.member.signPub,
  pins = new Map<string, MemberPin>(),
) =>
  Object.fromEntries(
    assessMembers(HUB, members, typeof roots === 'string' ? [roots] : roots, pins).map((m) => [
      m.memberId,
      m.trust,
    ]),
  );

describe('member trust', () => {
  it('follows the signature chain from the pinned owner key', () => {
    expect(trustOf(chain)).toEqual({
      owner2345678: 'verified',
      admin2345678: 'verified',
      membr2345678: 'verified',
    });
  });

  it('refuses a swapped key and a raised role, and what the swapped signer signed', () => {
    const swapped = { ...chain[1]!, encPub: device('x', 'admin').member.encPub };
    expect(trustOf([chain[0]!, swapped, chain[2]!])).toMatchObject({
      admin2345678: 'swapped_key',
      membr2345678: 'unverified',
    });
    const raised = { ...chain[2]!, role: 'admin' as const };
    expect(trustOf([chain[0]!, chain[1]!, raised])).toMatchObject({ membr2345678: 'swapped_key' });
  });

  it('does not accept a signature by a plain member or a forged owner', () => {
    const other = device('other2345678', 'member');
    expect(trustOf([...chain, signedBy(other, member)])).toMatchObject({ other2345678: 'unverified' });
    const forgedOwner = device('owner2345678', 'owner');
    expect(trustOf([signedBy(forgedOwner, forgedOwner), chain[1]!])).toMatchObject({
      owner2345678: 'unverified',
      admin2345678: 'unverified',
    });
  });

  it('a pinned member presented with other keys is a swap even with a valid-looking signature', () => {
    const pins = new Map([[member.member.memberId, { encPub: 'old', signPub: member.member.signPub }]]);
    expect(trustOf(chain, owner.member.signPub, pins)).toMatchObject({ membr2345678: 'swapped_key' });
  });

  it('a member invited by an admin trusts the whole chain once it pins the owner key from its code too', () => {
    // An old invite code carries the inviter's key only: the owner above it cannot be verified.
    expect(trustOf(chain, admin.member.signPub)).toEqual({
      owner2345678: 'unverified',
      admin2345678: 'unverified',
      membr2345678: 'verified',
    });
    expect(trustOf(chain, [admin.member.signPub, owner.member.signPub])).toEqual({
      owner2345678: 'verified',
      admin2345678: 'verified',
      membr2345678: 'verified',
    });
    // A hub that presents another owner key than the pinned one gets nothing from the owner's root.
    const forgedOwner = device('owner2345678', 'owner');
    expect(
      trustOf([signedBy(forgedOwner, forgedOwner), chain[1]!], [admin.member.signPub, owner.member.signPub]),
    ).toMatchObject({ owner2345678: 'unverified', admin2345678: 'unverified' });
  });

  it('a removed admin vouches for nobody new, while what it signed before stays verified', () => {
    const removedAdmin = { ...chain[1]!, status: 'removed' as const };
    const newcomer = device('newcm2345678', 'member');
    const pins = new Map(
      [admin, member].map((d) => [d.member.memberId, { encPub: d.member.encPub, signPub: d.member.signPub }]),
    );
    for (const list of [
      [chain[0]!, removedAdmin, chain[2]!, signedBy(newcomer, admin)],
      [signedBy(newcomer, admin), chain[2]!, removedAdmin, chain[0]!],
    ])
      expect(trustOf(list, owner.member.signPub, pins)).toMatchObject({
        membr2345678: 'verified',
        newcm2345678: 'unverified',
      });
  });

  it('a pinned plain member the hub relabels admin cannot vouch, whatever the list order', () => {
    const pins = new Map([
      [member.member.memberId, { encPub: member.member.encPub, signPub: member.member.signPub }],
    ]);
    const relabeled = { ...chain[2]!, role: 'admin' as const };
    const vouched = signedBy(device('vouch2345678', 'member'), member);
    for (const list of [
      [chain[0]!, chain[1]!, vouched, relabeled],
      [relabeled, vouched, chain[1]!, chain[0]!],
    ])
      expect(trustOf(list, owner.member.signPub, pins)).toMatchObject({
        membr2345678: 'swapped_key',
        vouch2345678: 'unverified',
      });
  });

  it('takes hub keys only from a verified, active admin or owner', () => {
    const assessed = assessMembers(HUB, chain, [owner.member.signPub], new Map());
    expect(trustedKeySigner(assessed, 'owner2345678')?.memberId).toBe('owner2345678');
    expect(trustedKeySigner(assessed, 'admin2345678')?.memberId).toBe('admin2345678');
    expect(trustedKeySigner(assessed, 'membr2345678')).toBeNull();
    expect(trustedKeySigner(assessed, 'nobody234567')).toBeNull();
    const removedAdmin = assessMembers(
      HUB,
      [chain[0]!, { ...chain[1]!, status: 'removed' }],
      [owner.member.signPub],
      new Map(),
    );
    expect(trustedKeySigner(removedAdmin, 'admin2345678')).toBeNull();
    expect(
      trustedKeySigner(assessMembers(HUB, chain, [admin.member.signPub], new Map()), 'owner2345678'),
    ).toBeNull();
  });
});
