// Team-hub X25519 and Ed25519 now run on @noble/curves (pure JS, the same in Node and in Electron's
// BoringSSL main process). This proves three things: the library gives the RFC 7748 and RFC 8032
// test vectors; what the old node:crypto code made (test/fixtures/hub-crypto-node.json: a wrapped
// hub key, its signature, a member record signature) still opens and verifies, so existing hubs keep
// working; and what the new code makes opens and verifies with node:crypto (OpenSSL), both ways.
import {
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  sign,
  verify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { hubKeyWrapInfo, hubKeyWrapSignatureMessage, memberSignatureMessage } from '#shared/hub-protocol.js';
import {
  generateRawKeyPair,
  privateKeyFromRaw,
  signMember,
  unwrapHubKey,
  verifyHubKeyWrap,
  verifyMember,
  wrapAndSignHubKey,
  type MemberRecord,
} from '#core/sync/hub-crypto.js';
import { isAikeyError } from '#shared/errors.js';

const hex = (value: string) => Buffer.from(value, 'hex');
const b64 = (value: string) => Buffer.from(value, 'base64');

interface NodeFixture {
  member: { publicKey: string; privateKey: string };
  signer: { publicKey: string; privateKey: string };
  hubKey: string;
  ref: { hubId: string; memberId: string; keyVersion: number };
  wrap: { blob: string; signature: string };
  record: MemberRecord;
  memberSignature: string;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hub-crypto-node.json'), 'utf8'),
) as NodeFixture;

/** The same raw keys as node:crypto KeyObjects (OpenSSL), to check interoperability. */
function nodeKey(curve: 'X25519' | 'Ed25519', publicKey: Buffer, privateKey?: Buffer) {
  const jwk = { kty: 'OKP', crv: curve, x: publicKey.toString('base64url') };
  return privateKey === undefined
    ? createPublicKey({ key: jwk, format: 'jwk' })
    : createPrivateKey({ key: { ...jwk, d: privateKey.toString('base64url') }, format: 'jwk' });
}

describe('RFC test vectors', () => {
  it('X25519 gives RFC 7748 section 5.2 and the section 6.1 Diffie-Hellman exchange', () => {
    const scalar = hex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4');
    const u = hex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c');
    expect(Buffer.from(x25519.getSharedSecret(scalar, u)).toString('hex')).toBe(
      'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
    );
    const alice = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bob = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    const alicePub = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
    const bobPub = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
    expect(privateKeyFromRaw(alice, hex(alicePub), 'X25519').curve).toBe('X25519');
    expect(privateKeyFromRaw(bob, hex(bobPub), 'X25519').curve).toBe('X25519');
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(Buffer.from(x25519.getSharedSecret(alice, hex(bobPub))).toString('hex')).toBe(shared);
    expect(Buffer.from(x25519.getSharedSecret(bob, hex(alicePub))).toString('hex')).toBe(shared);
  });

  it('Ed25519 gives RFC 8032 section 7.1 tests 1 and 2', () => {
    const vectors = [
      {
        secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
        publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
        message: '',
        signature:
          'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      },
      {
        secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
        publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
        message: '72',
        signature:
          '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
      },
    ];
    for (const v of vectors) {
      expect(privateKeyFromRaw(hex(v.secret), hex(v.publicKey), 'Ed25519').curve).toBe('Ed25519');
      const signature = ed25519.sign(hex(v.message), hex(v.secret));
      expect(Buffer.from(signature).toString('hex')).toBe(v.signature);
      expect(ed25519.verify(signature, hex(v.message), hex(v.publicKey), { zip215: false })).toBe(true);
    }
  });

  it('refuses a private key that does not match its public half', () => {
    const a = generateRawKeyPair('Ed25519');
    const b = generateRawKeyPair('Ed25519');
    expect(() => privateKeyFromRaw(a.privateKey, b.publicKey, 'Ed25519')).toThrow();
  });
});

describe('hubs made by the node:crypto code', () => {
  const member = privateKeyFromRaw(b64(fixture.member.privateKey), b64(fixture.member.publicKey), 'X25519');
  const signerPub = b64(fixture.signer.publicKey);

  it('still open their wrapped hub keys and verify their signatures', () => {
    expect(unwrapHubKey(fixture.wrap.blob, member, fixture.ref).toString('base64')).toBe(fixture.hubKey);
    expect(verifyHubKeyWrap(fixture.ref, fixture.wrap.blob, fixture.wrap.signature, signerPub)).toBe(true);
    expect(verifyMember(fixture.record, fixture.memberSignature, signerPub)).toBe(true);
  });

  it('still refuse the same data altered', () => {
    const otherRef = { ...fixture.ref, keyVersion: fixture.ref.keyVersion + 1 };
    expect(verifyHubKeyWrap(otherRef, fixture.wrap.blob, fixture.wrap.signature, signerPub)).toBe(false);
    expect(verifyMember({ ...fixture.record, role: 'admin' }, fixture.memberSignature, signerPub)).toBe(
      false,
    );
    try {
      unwrapHubKey(fixture.wrap.blob, member, otherRef);
      expect.unreachable('a hub key opened under the wrong key version');
    } catch (error) {
      expect(isAikeyError(error, 'HubTampered')).toBe(true);
    }
  });

  it('sign the same bytes as before: Ed25519 is deterministic, so the new code matches the old', () => {
    const signer = privateKeyFromRaw(b64(fixture.signer.privateKey), signerPub, 'Ed25519');
    expect(signMember(fixture.record, signer)).toBe(fixture.memberSignature);
  });
});

describe('what the new code makes, checked with node:crypto (OpenSSL)', () => {
  it('wraps a hub key that OpenSSL X25519 + HKDF + AES-GCM opens, signed so OpenSSL verifies', () => {
    const memberPair = generateRawKeyPair('X25519');
    const signerPair = generateRawKeyPair('Ed25519');
    const signer = privateKeyFromRaw(signerPair.privateKey, signerPair.publicKey, 'Ed25519');
    const hubKey = Buffer.alloc(32, 7);
    const ref = { hubId: 'abcdefgh2345', memberId: 'mmmmmmmm2345', keyVersion: 4 };
    const { blob, signature } = wrapAndSignHubKey(hubKey, memberPair.publicKey, ref, signer);

    const bytes = b64(blob);
    const ephemeralPub = bytes.subarray(0, 32);
    const shared = diffieHellman({
      privateKey: nodeKey('X25519', memberPair.publicKey, memberPair.privateKey),
      publicKey: nodeKey('X25519', Buffer.from(ephemeralPub)),
    });
    const info = Buffer.from(hubKeyWrapInfo(ref.hubId, ref.memberId, ref.keyVersion), 'utf8');
    const key = Buffer.from(hkdfSync('sha256', shared, ephemeralPub, info, 32));
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(32, 44));
    decipher.setAAD(info);
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const opened = Buffer.concat([decipher.update(bytes.subarray(44, bytes.length - 16)), decipher.final()]);
    expect(opened.equals(hubKey)).toBe(true);

    const message = Buffer.from(hubKeyWrapSignatureMessage({ ...ref, blob }), 'utf8');
    expect(verify(null, message, nodeKey('Ed25519', signerPair.publicKey), b64(signature))).toBe(true);
  });

  it('verifies a member record OpenSSL signed', () => {
    const signerPair = generateRawKeyPair('Ed25519');
    const record: MemberRecord = { ...fixture.record, signPub: signerPair.publicKey.toString('base64') };
    const message = Buffer.from(memberSignatureMessage(record), 'utf8');
    const signature = sign(null, message, nodeKey('Ed25519', signerPair.publicKey, signerPair.privateKey));
    expect(verifyMember(record, signature.toString('base64'), signerPair.publicKey)).toBe(true);
  });

  it('refuses a low-order X25519 public key, as OpenSSL does', () => {
    const member = generateRawKeyPair('X25519');
    const key = privateKeyFromRaw(member.privateKey, member.publicKey, 'X25519');
    const zeroPoint = Buffer.concat([Buffer.alloc(32), Buffer.alloc(12), Buffer.alloc(48)]).toString(
      'base64',
    );
    try {
      unwrapHubKey(zeroPoint, key, { hubId: 'abcdefgh2345', memberId: 'mmmmmmmm2345', keyVersion: 1 });
      expect.unreachable('a low-order point was accepted');
    } catch (error) {
      expect(isAikeyError(error, 'HubTampered')).toBe(true);
    }
  });
});
