// Hub key rotation, run by an admin's wallet after a member leaves or is removed: a fresh random
// hub key (next version), wrapped for every remaining active member whose record this wallet
// verified, and every live item re-sealed under it at its next revision, sent to the hub as one
// all-or-nothing request. Every wrap is signed by this device, so members know the key came from
// an admin. A member whose key is not verified (swapped by the hub, or unknown) gets nothing: the
// rotation is refused and reported instead, so a hub can never slip its own key in.
import { AikeyError, isAikeyError } from '#shared/errors.js';
import { wipe } from '../crypto/subkeys.js';
import { newHubKey, sealItem, wrapAndSignHubKey, type HubPrivateKey } from './hub-crypto.js';
import type { LocalItems } from './local-items.js';
import type { TrustedMember } from './member-trust.js';
import type { HubStores } from './state/hub-stores.js';
import type { HubClient } from './sync-client.js';

export interface RotationInput {
  hubId: string;
  client: HubClient;
  members: TrustedMember[];
  stores: HubStores;
  items: LocalItems;
  /** This device's Ed25519 key, to sign every wrap. */
  signingKey: HubPrivateKey;
  /** The member just removed (if any): never wrapped for, whatever the member list says. */
  removedMemberId?: string;
}

/** The new key version, or 'conflict' when an item changed meanwhile (sync and try again). */
export async function rotateHubKey({
  hubId,
  client,
  members,
  stores,
  items,
  signingKey,
  removedMemberId,
}: RotationInput): Promise<number | 'conflict'> {
  const membership = stores.memberships.get(hubId);
  if (stores.outbox.entries(hubId).length > 0) {
    throw new AikeyError('HubRejected', 'Local changes have not reached the hub yet; sync, then rotate.');
  }
  // Members this wallet removed are gone whatever the hub says (the member view reported the lie).
  const removed = stores.pins.removed(hubId);
  if (removedMemberId !== undefined) removed.add(removedMemberId);
  const active = members.filter((m) => m.status === 'active' && !removed.has(m.memberId));
  const doubtful = active.filter((m) => m.trust !== 'verified');
  if (doubtful.length > 0) {
    const names = doubtful.map((m) => `${m.deviceName} (${m.memberId}: ${m.trust})`).join(', ');
    throw new AikeyError(
      'HubTampered',
      `The hub key was not rotated: these members' keys are not verified: ${names}.`,
    );
  }
  const keyVersion = membership.currentKeyVersion + 1;
  const hubKey = newHubKey();
  try {
    const wrappedKeys = active.map((m) => ({
      memberId: m.memberId,
      signedBy: membership.memberId,
      ...wrapAndSignHubKey(
        hubKey,
        Buffer.from(m.encPub, 'base64'),
        { hubId, memberId: m.memberId, keyVersion },
        signingKey,
      ),
    }));
    const resealed = stores.itemStates.live(hubId).map(({ itemId, revision }) => {
      const local = items.read(hubId, itemId);
      if (!local || local.deleted)
        throw new AikeyError('Internal', `Item ${itemId} has no local copy to re-seal.`);
      const plaintext = Buffer.from(JSON.stringify(local.payload), 'utf8');
      return {
        id: itemId,
        baseRevision: revision,
        ciphertext: sealItem(hubKey, plaintext, { hubId, itemId, revision: revision + 1, keyVersion }),
      };
    });
    let rotated;
    try {
      rotated = await client.rotate({ keyVersion, wrappedKeys, items: resealed });
    } catch (error) {
      if (isAikeyError(error, 'HubConflict')) return 'conflict';
      throw error;
    }
    const expected = new Map(resealed.map((r) => [r.id, r.baseRevision + 1]));
    stores.atomically(() => {
      stores.hubKeys.save(hubId, keyVersion, hubKey);
      for (const item of rotated.items) {
        if (expected.get(item.id) !== item.revision) {
          stores.reports.record(
            hubId,
            'tampered',
            `The hub gave item ${item.id} revision ${item.revision} on rotation instead of ${expected.get(item.id) ?? 'none'}.`,
            { itemId: item.id },
          );
          continue;
        }
        stores.itemStates.set(hubId, item.id, { revision: item.revision, keyVersion, deleted: false });
      }
      stores.memberships.update(hubId, {
        currentKeyVersion:
          rotated.currentKeyVersion === keyVersion ? keyVersion : membership.currentKeyVersion,
      });
    });
    return keyVersion;
  } finally {
    wipe(hubKey);
  }
}
