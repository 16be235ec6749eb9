// The team-hub cryptography on its own: what a malicious hub (or a bit flip on the way) could try
// against a wrapped hub key, a sealed item, a member record and a join proof, each refused.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAikeyError } from '#shared/errors.js';
import { decodeInviteCode, encodeInviteCode } from '#shared/hub-protocol.js';
import {
  generateRawKeyPair,
  joinProof,
  newHubKey,
  openItem,
  privateKeyFromRaw,
  sealItem,
  signMember,
  unwrapHubKey,
  verifyJoinProof,
  verifyHubKeyWrap,
  verifyMember,
  wrapAndSignHubKey,
  wrapHubKey,
  type MemberRecord,
} from '#core/sync/hub-crypto.js';
import { DeviceIdentity } from '#core/sync/identity.js';
import { unlockedWallet } from '../../helpers/temp-wallet.js';

const HUB = 'abcdefgh2345';
const MEMBER = 'mmmmmmmm2345';

function tampered(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (error) {
    return isAikeyError(error, 'HubTampered');
  }
}

function flipBit(b64: string, bit: number): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytes.toString('base64');
}

function x25519() {
  const pair = generateRawKeyPair('X25519');
  return { pub: pair.publicKey, priv: privateKeyFromRaw(pair.privateKey, pair.publicKey, 'X25519') };
}

describe('hub key wrapping', () => {
  const ref = { hubId: HUB, memberId: MEMBER, keyVersion: 3 };

  it('unwraps for the member it was wrapped for, with a fresh ephemeral key each time', () => {
    const member = x25519();
    const hubKey = newHubKey();
    const a = wrapHubKey(hubKey, member.pub, ref);
    const b = wrapHubKey(hubKey, member.pub, ref);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64')).toHaveLength(32 + 12 + 32 + 16);
    expect(unwrapHubKey(a, member.priv, ref).equals(hubKey)).toBe(true);
  });

  it('refuses every flipped bit, another member, hub or key version, and a swapped public key', () => {
    const member = x25519();
    const blob = wrapHubKey(newHubKey(), member.pub, ref);
    for (let bit = 0; bit < Buffer.from(blob, 'base64').length * 8; bit += 7) {
      expect(tampered(() => unwrapHubKey(flipBit(blob, bit), member.priv, ref))).toBe(true);
    }
    expect(tampered(() => unwrapHubKey(blob, member.priv, { ...ref, memberId: 'other2345678' }))).toBe(true);
    expect(tampered(() => unwrapHubKey(blob, member.priv, { ...ref, hubId: 'otherhub2345' }))).toBe(true);
    expect(tampered(() => unwrapHubKey(blob, member.priv, { ...ref, keyVersion: 4 }))).toBe(true);
    // A hub that swapped the member's public key for its own gets a wrap the member cannot open.
    const hubsOwn = x25519();
    const swapped = wrapHubKey(newHubKey(), hubsOwn.pub, ref);
    expect(tampered(() => unwrapHubKey(swapped, member.priv, ref))).toBe(true);
    expect(tampered(() => unwrapHubKey(blob.slice(0, 40), member.priv, ref))).toBe(true);
  });

  it('a wrap signature holds for that wrap, member, hub and version only, and only under the signer key', () => {
    const member = x25519();
    const signer = generateRawKeyPair('Ed25519');
    const signerKey = privateKeyFromRaw(signer.privateKey, signer.publicKey, 'Ed25519');
    const { blob, signature } = wrapAndSignHubKey(newHubKey(), member.pub, ref, signerKey);
    expect(unwrapHubKey(blob, member.priv, ref)).toHaveLength(32);
    expect(verifyHubKeyWrap(ref, blob, signature, signer.publicKey)).toBe(true);
    const other = wrapHubKey(newHubKey(), member.pub, ref);
    expect(verifyHubKeyWrap(ref, other, signature, signer.publicKey)).toBe(false);
    expect(verifyHubKeyWrap({ ...ref, keyVersion: 4 }, blob, signature, signer.publicKey)).toBe(false);
    expect(verifyHubKeyWrap({ ...ref, memberId: 'other2345678' }, blob, signature, signer.publicKey)).toBe(
      false,
    );
    expect(verifyHubKeyWrap({ ...ref, hubId: 'otherhub2345' }, blob, signature, signer.publicKey)).toBe(
      false,
    );
    expect(verifyHubKeyWrap(ref, blob, signature, generateRawKeyPair('Ed25519').publicKey)).toBe(false);
    for (const bit of [0, 100, 511])
      expect(verifyHubKeyWrap(ref, blob, flipBit(signature, bit), signer.publicKey)).toBe(false);
    expect(verifyHubKeyWrap(ref, blob, 'AAAA', signer.publicKey)).toBe(false);
  });
});

describe('invite codes', () => {
  const payload = {
    u: 'http://127.0.0.1:8787',
    h: HUB,
    i: 'iiiiiiii2345',
    s: randomBytes(32).toString('base64url'),
    f: generateRawKeyPair('Ed25519').publicKey.toString('base64'),
  };

  it('carry the owner key beside the inviter key, and codes without it still decode', () => {
    const o = generateRawKeyPair('Ed25519').publicKey.toString('base64');
    expect(decodeInviteCode(encodeInviteCode({ ...payload, o }))).toEqual({ ...payload, o });
    const legacy = `aikey-invite:${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    expect(decodeInviteCode(legacy)).toEqual(payload);
    const badOwner = `aikey-invite:${Buffer.from(JSON.stringify({ ...payload, o: 'short' })).toString('base64url')}`;
    expect(() => decodeInviteCode(badOwner)).toThrow(/not a valid aikey invite code/);
  });
});

describe('item sealing', () => {
  const ref = { hubId: HUB, itemId: '8f0c6a4e-3b7e-4a8e-9a55-3d1f0c2b7e11', revision: 4, keyVersion: 1 };

  it('opens under the same hub, item, revision and key version only', () => {
    const hubKey = newHubKey();
    const sealed = sealItem(hubKey, Buffer.from('{"secret":"x"}'), ref);
    expect(openItem(hubKey, sealed, ref).toString()).toBe('{"secret":"x"}');
    expect(tampered(() => openItem(hubKey, sealed, { ...ref, revision: 5 }))).toBe(true);
    expect(tampered(() => openItem(hubKey, sealed, { ...ref, revision: 3 }))).toBe(true);
    expect(tampered(() => openItem(hubKey, sealed, { ...ref, itemId: ref.itemId.replace('8', '9') }))).toBe(
      true,
    );
    expect(tampered(() => openItem(hubKey, sealed, { ...ref, hubId: 'otherhub2345' }))).toBe(true);
    expect(tampered(() => openItem(hubKey, sealed, { ...ref, keyVersion: 2 }))).toBe(true);
    expect(tampered(() => openItem(newHubKey(), sealed, ref))).toBe(true);
    expect(tampered(() => openItem(hubKey, '', ref))).toBe(true);
  });

  it('refuses every flipped bit', () => {
    const hubKey = newHubKey();
    const sealed = sealItem(hubKey, Buffer.from('sk-secret'), ref);
    for (let bit = 0; bit < Buffer.from(sealed, 'base64').length * 8; bit += 1) {
      expect(tampered(() => openItem(hubKey, flipBit(sealed, bit), ref))).toBe(true);
    }
  });
});

describe('member records and join proofs', () => {
  const signer = generateRawKeyPair('Ed25519');
  const signerKey = privateKeyFromRaw(signer.privateKey, signer.publicKey, 'Ed25519');
  const record: MemberRecord = {
    hubId: HUB,
    memberId: MEMBER,
    role: 'member',
    encPub: x25519().pub.toString('base64'),
    signPub: generateRawKeyPair('Ed25519').publicKey.toString('base64'),
  };

  it('verifies a signed record and refuses a swapped key, a raised role or another signer', () => {
    const signature = signMember(record, signerKey);
    expect(verifyMember(record, signature, signer.publicKey)).toBe(true);
    const swapped = { ...record, encPub: x25519().pub.toString('base64') };
    expect(verifyMember(swapped, signature, signer.publicKey)).toBe(false);
    expect(verifyMember({ ...record, role: 'admin' }, signature, signer.publicKey)).toBe(false);
    expect(verifyMember(record, signature, generateRawKeyPair('Ed25519').publicKey)).toBe(false);
    expect(verifyMember(record, flipBit(signature, 9), signer.publicKey)).toBe(false);
    expect(verifyMember(record, signature, Buffer.alloc(5))).toBe(false);
  });

  it('accepts the proof only for the same invite secret and the same public keys', () => {
    const secret = randomBytes(32);
    const input = { hubId: HUB, inviteId: 'inviteid2345', encPub: record.encPub, signPub: record.signPub };
    const proof = joinProof(secret, input);
    expect(verifyJoinProof(secret, input, proof)).toBe(true);
    expect(verifyJoinProof(randomBytes(32), input, proof)).toBe(false);
    expect(verifyJoinProof(secret, { ...input, encPub: x25519().pub.toString('base64') }, proof)).toBe(false);
    expect(verifyJoinProof(secret, input, flipBit(proof, 3))).toBe(false);
    expect(verifyJoinProof(secret, input, '')).toBe(false);
  });
});

describe('device identity', () => {
  it('is generated once per wallet, keeps private halves sealed and survives a relock', async () => {
    const wallet = await unlockedWallet();
    const identity = new DeviceIdentity(() => wallet.vault.session());
    const first = identity.ensure('Laptop');
    expect(identity.ensure('Another name')).toEqual(first);
    expect(Buffer.from(identity.encryptionKey().publicKey).toString('base64')).toBe(first.encPub);
    const { sqlite } = wallet.vault.session();
    const row = sqlite.prepare('SELECT * FROM device_identity').get() as Record<string, Buffer>;
    const signPrivate = identity.signingKey().secret;
    expect(row.sign_private_sealed!.includes(Buffer.from(signPrivate))).toBe(false);

    const signature = signMember(
      { hubId: HUB, memberId: MEMBER, role: 'owner', encPub: first.encPub, signPub: first.signPub },
      identity.signingKey(),
    );
    wallet.vault.lock();
    await wallet.vault.unlock('correct horse battery staple 42!');
    expect(identity.ensure()).toEqual(first);
    expect(
      verifyMember(
        { hubId: HUB, memberId: MEMBER, role: 'owner', encPub: first.encPub, signPub: first.signPub },
        signature,
        Buffer.from(first.signPub, 'base64'),
      ),
    ).toBe(true);
  });

  it('refuses a sealed private key moved to the other purpose', async () => {
    const wallet = await unlockedWallet();
    const identity = new DeviceIdentity(() => wallet.vault.session());
    identity.ensure('Laptop');
    wallet.vault
      .session()
      .sqlite.prepare('UPDATE device_identity SET enc_private_sealed = sign_private_sealed')
      .run();
    expect(() => identity.encryptionKey()).toThrow(/integrity/);
  });
});
