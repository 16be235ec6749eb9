// Hub keys and member records for one team hub: receiving this device's wrapped hub keys (each
// taken only when its wrap is signed by an admin or owner this wallet trusts, so a hub cannot slip
// in a key it chose), the owner's bootstrap (self-signed record, hub key v1), approving pending
// members (their join proof checked against the invite secret this wallet kept, then signed and
// given the hub key) and checking the member list against pinned keys. A member whose key the hub
// swapped never gets a hub key from this wallet; what the hub got wrong is reported, never acted upon.
import type { Member, MyKeysResponse } from '#shared/hub-api.js';
import { AikeyError, isAikeyError } from '#shared/errors.js';
import { wipe } from '../crypto/subkeys.js';
import {
  newHubKey,
  signMember,
  unwrapHubKey,
  verifyHubKeyWrap,
  verifyJoinProof,
  wrapAndSignHubKey,
} from './hub-crypto.js';
import type { DeviceIdentity } from './identity.js';
import { assessMembers, trustedKeySigner, type TrustedMember } from './member-trust.js';
import type { HubStores } from './state/hub-stores.js';
import { isHubRefusal, type HubClient } from './sync-client.js';

type WrappedHubKey = MyKeysResponse['keys'][number];

export class HubKeyring {
  constructor(
    private readonly stores: HubStores,
    private readonly identity: DeviceIdentity,
  ) {}

  /** Unwraps every hub key version the hub holds for this device; the owner bootstraps v1. */
  async refreshKeys(hubId: string, client: HubClient): Promise<void> {
    let mine = await client.myKeys();
    const membership = this.stores.memberships.get(hubId);
    if (mine.currentKeyVersion === null) {
      if (membership.role !== 'owner') return;
      await this.bootstrap(hubId, client);
      mine = await client.myKeys();
    }
    const held = new Set(this.stores.hubKeys.versions(hubId));
    const fresh = mine.keys.filter((k) => !held.has(k.keyVersion));
    // Our own wraps (the owner's bootstrap) check against our own key; others' need the member list.
    const members = fresh.some((k) => k.signedBy !== membership.memberId)
      ? await this.members(hubId, client)
      : [];
    const encKey = this.identity.encryptionKey();
    for (const wrapped of fresh) {
      if (!this.signedByTrusted(hubId, membership.memberId, wrapped, members)) {
        this.stores.reports.record(
          hubId,
          'tampered',
          `Hub key version ${wrapped.keyVersion} for this device is not signed by an admin or owner this wallet trusts; it is not used, and the key this device holds stays in use.`,
        );
        continue;
      }
      try {
        const hubKey = unwrapHubKey(wrapped.blob, encKey, {
          hubId,
          memberId: membership.memberId,
          keyVersion: wrapped.keyVersion,
        });
        this.stores.hubKeys.save(hubId, wrapped.keyVersion, hubKey);
        wipe(hubKey);
      } catch (error) {
        if (!isAikeyError(error, 'HubTampered')) throw error;
        this.stores.reports.record(
          hubId,
          'tampered',
          `Hub key version ${wrapped.keyVersion} wrapped for this device does not open.`,
        );
      }
    }
    const current = mine.currentKeyVersion;
    if (current === null) return;
    if (current < membership.currentKeyVersion) {
      this.stores.reports.record(
        hubId,
        'rollback',
        `The hub went back to hub key version ${current} after version ${membership.currentKeyVersion}.`,
      );
      return;
    }
    if (this.stores.hubKeys.open(hubId, current)) {
      this.stores.memberships.update(hubId, { currentKeyVersion: current, status: 'active' });
    }
  }

  /** Whether a wrap carries a valid signature by this device or by a trusted active admin or owner. */
  private signedByTrusted(
    hubId: string,
    memberId: string,
    wrapped: WrappedHubKey,
    members: TrustedMember[],
  ): boolean {
    if (wrapped.signature === null || wrapped.signedBy === null) return false;
    const signPub =
      wrapped.signedBy === memberId
        ? this.identity.ensure().signPub
        : trustedKeySigner(members, wrapped.signedBy)?.signPub;
    if (signPub === undefined) return false;
    const ref = { hubId, memberId, keyVersion: wrapped.keyVersion };
    return verifyHubKeyWrap(ref, wrapped.blob, wrapped.signature, Buffer.from(signPub, 'base64'));
  }

  /** The owner's first contact: sign its own record, create hub key v1 and wrap it for itself. */
  private async bootstrap(hubId: string, client: HubClient): Promise<void> {
    const { memberId } = this.stores.memberships.get(hubId);
    const me = this.identity.ensure();
    const { members } = await client.members();
    const own = members.find((m) => m.memberId === memberId);
    if (!own || own.encPub !== me.encPub || own.signPub !== me.signPub) {
      throw new AikeyError('HubTampered', 'The hub does not hold this device’s own public keys.');
    }
    if (own.signature === null) {
      const signature = signMember({ hubId, ...own }, this.identity.signingKey());
      await client.approve(memberId, { signature, signedBy: memberId, wrappedKeys: [] });
    }
    const hubKey = newHubKey();
    try {
      const wrap = wrapAndSignHubKey(
        hubKey,
        Buffer.from(me.encPub, 'base64'),
        { hubId, memberId, keyVersion: 1 },
        this.identity.signingKey(),
      );
      await client.bootstrapKey({ keyVersion: 1, wrappedKeys: [{ memberId, signedBy: memberId, ...wrap }] });
    } finally {
      wipe(hubKey);
    }
  }

  /** The member list with each member's trust; newly verified members are pinned, swaps reported. */
  async members(hubId: string, client: HubClient): Promise<TrustedMember[]> {
    const { members } = await client.members();
    return this.assess(hubId, members);
  }

  assess(hubId: string, members: Member[]): TrustedMember[] {
    const membership = this.stores.memberships.get(hubId);
    const pins = this.stores.pins.pinned(hubId);
    const roots = [
      membership.pinnedSignerKey,
      ...(membership.pinnedOwnerKey ? [membership.pinnedOwnerKey] : []),
    ];
    const removed = this.stores.pins.removed(hubId);
    const assessed = assessMembers(hubId, members, roots, pins, removed);
    for (const m of assessed) {
      if (removed.has(m.memberId) && (m.status === 'active' || m.status === 'pending')) {
        this.stores.reports.record(
          hubId,
          'tampered',
          `Member ${m.memberId} (${m.deviceName}) was removed by this wallet, yet the hub lists it as ${m.status}; it stays removed here and gets no hub key.`,
          { memberId: m.memberId },
        );
      }
      if (m.trust === 'verified' && !pins.has(m.memberId)) this.stores.pins.pin(hubId, m);
      if (m.trust === 'swapped_key') {
        this.stores.reports.record(
          hubId,
          'swapped_key',
          `Member ${m.memberId} (${m.deviceName}) is presented with public keys that its signed record does not carry; it gets no hub key.`,
          { memberId: m.memberId },
        );
      }
    }
    return assessed;
  }

  /**
   * Approves pending members that joined with an invite this wallet handed out: the proof must
   * verify with the kept secret and the role must be the invite's. Returns how many were approved.
   * A member the hub refuses to approve stays pending for the next sync; the others go ahead.
   */
  async approvePending(hubId: string, client: HubClient, members: TrustedMember[]): Promise<number> {
    const membership = this.stores.memberships.get(hubId);
    if (membership.role === 'member') return 0;
    const pending = members.filter((m) => m.status === 'pending' && m.invitedBy === membership.memberId);
    if (pending.length === 0) return 0;
    // Someone else may have rotated since this device last fetched its keys, and the newcomer
    // must receive every version up to the current one.
    await this.refreshKeys(hubId, client);
    const invites = this.stores.invites.opened(hubId);
    let approved = 0;
    try {
      for (const m of pending) {
        const invite = invites.find((i) =>
          verifyJoinProof(
            i.secret,
            { hubId, inviteId: i.inviteId, encPub: m.encPub, signPub: m.signPub },
            m.proof,
          ),
        );
        if (!invite || invite.role !== m.role) {
          this.stores.reports.record(
            hubId,
            'bad_proof',
            `Pending member ${m.memberId} (${m.deviceName}) does not prove it holds an invite this wallet issued for its keys and role; not approved.`,
            { memberId: m.memberId },
          );
          continue;
        }
        const record = { hubId, memberId: m.memberId, role: m.role, encPub: m.encPub, signPub: m.signPub };
        const wrappedKeys = this.stores.hubKeys.versions(hubId).map((keyVersion) => {
          const hubKey = this.stores.hubKeys.open(hubId, keyVersion);
          if (!hubKey) throw new AikeyError('Internal', 'A hub key disappeared while approving.');
          const wrap = wrapAndSignHubKey(
            hubKey,
            Buffer.from(m.encPub, 'base64'),
            { hubId, memberId: m.memberId, keyVersion },
            this.identity.signingKey(),
          );
          wipe(hubKey);
          return { keyVersion, ...wrap };
        });
        try {
          await client.approve(m.memberId, {
            signature: signMember(record, this.identity.signingKey()),
            signedBy: membership.memberId,
            wrappedKeys,
          });
        } catch (error) {
          // Refused (the hub's reason is its own): the member stays pending for the next sync.
          if (!isHubRefusal(error) || isAikeyError(error, 'MemberRemoved')) throw error;
          continue;
        }
        this.stores.pins.pin(hubId, m);
        this.stores.invites.forget(invite.inviteId);
        approved += 1;
      }
    } finally {
      for (const i of invites) wipe(i.secret);
    }
    return approved;
  }
}
