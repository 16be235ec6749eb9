// The end-to-end cryptography of team hubs, exactly as the team-hub design fixes it (the strings
// come from src/shared/hub-api.ts), so any member wallet, and no hub, opens what another sealed:
// - hub key wrap: ephemeral X25519 ECDH with the member's public key, HKDF-SHA256 (salt = ephemeral
//   public key, info = "aikey-hubkey|hubId|memberId|keyVersion"), AES-256-GCM with AAD = info;
//   blob = ephemeralPub(32) || nonce(12) || ciphertext || tag(16), base64.
// - items: AES-256-GCM under the hub key, AAD = "aikey-item|v1|hubId|itemId|revision|keyVersion",
//   so a ciphertext replayed under another revision, item, hub or key version fails to open.
// - member records: Ed25519 over "aikey-member|hubId|memberId|role|encPub|signPub".
// - wrapped hub keys: Ed25519 by the admin or owner who wrapped them, over
//   "aikey-hubkey-wrap|hubId|memberId|keyVersion|blob", so a hub cannot hand out a key it chose.
// - join proof: HMAC-SHA256 keyed with the invite secret over "aikey-join|hubId|inviteId|encPub|signPub".
// Nothing here logs, and no error carries key, plaintext or ciphertext bytes.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { AikeyError } from '#shared/errors.js';
import { type HubRole } from '#shared/hub-api.js';
import {
  hubKeyWrapInfo,
  hubKeyWrapSignatureMessage,
  itemAad as itemAadText,
  joinProofMessage,
  memberSignatureMessage,
} from '#shared/hub-protocol.js';
import { open, seal } from '../crypto/aead.js';
import { wipe } from '../crypto/subkeys.js';

const RAW_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function rawPublic(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

/** An X25519 or Ed25519 public key from its raw 32 bytes; a wrong length is a typed error. */
export function publicKeyFromRaw(raw: Uint8Array, curve: 'X25519' | 'Ed25519'): KeyObject {
  if (raw.length !== RAW_KEY_BYTES) {
    throw new AikeyError('HubTampered', `A member's ${curve} public key is not 32 bytes long.`);
  }
  return createPublicKey({ key: { kty: 'OKP', crv: curve, x: b64url(raw) }, format: 'jwk' });
}

/** A private key from its raw 32 bytes and matching raw public key. */
export function privateKeyFromRaw(
  rawPrivate: Uint8Array,
  rawPublicKey: Uint8Array,
  curve: 'X25519' | 'Ed25519',
): KeyObject {
  return createPrivateKey({
    key: { kty: 'OKP', crv: curve, x: b64url(rawPublicKey), d: b64url(rawPrivate) },
    format: 'jwk',
  });
}

/** A fresh key pair as raw 32-byte halves. */
export function generateRawKeyPair(curve: 'X25519' | 'Ed25519'): { publicKey: Buffer; privateKey: Buffer } {
  const pair = curve === 'X25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ed25519');
  const jwk = pair.privateKey.export({ format: 'jwk' });
  return {
    publicKey: Buffer.from(jwk.x ?? '', 'base64url'),
    privateKey: Buffer.from(jwk.d ?? '', 'base64url'),
  };
}

export interface HubKeyRef {
  hubId: string;
  memberId: string;
  keyVersion: number;
}

function hubKeyInfo({ hubId, memberId, keyVersion }: HubKeyRef): Buffer {
  return Buffer.from(hubKeyWrapInfo(hubId, memberId, keyVersion), 'utf8');
}

function wrapKey(shared: Buffer, ephemeralPub: Buffer, info: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, ephemeralPub, info, 32));
}

export function newHubKey(): Buffer {
  return randomBytes(32);
}

/** Wraps a hub key for one member's X25519 public key (raw 32 bytes). */
export function wrapHubKey(hubKey: Uint8Array, memberEncPub: Uint8Array, ref: HubKeyRef): string {
  if (hubKey.length !== 32) throw new AikeyError('Internal', 'A hub key must be 32 bytes.');
  const recipient = publicKeyFromRaw(memberEncPub, 'X25519');
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPub = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  const info = hubKeyInfo(ref);
  const key = wrapKey(shared, ephemeralPub, info);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(info);
  const body = Buffer.concat([cipher.update(hubKey), cipher.final(), cipher.getAuthTag()]);
  wipe(shared, key);
  return Buffer.concat([ephemeralPub, nonce, body]).toString('base64');
}

/** Opens a wrapped hub key with this device's X25519 private key, or throws HubTampered. */
export function unwrapHubKey(blob: string, encPrivate: KeyObject, ref: HubKeyRef): Buffer {
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length !== RAW_KEY_BYTES + NONCE_BYTES + 32 + TAG_BYTES) {
    throw new AikeyError('HubTampered', 'A wrapped hub key from the hub has the wrong length.');
  }
  const ephemeralPub = bytes.subarray(0, RAW_KEY_BYTES);
  const nonce = bytes.subarray(RAW_KEY_BYTES, RAW_KEY_BYTES + NONCE_BYTES);
  const body = bytes.subarray(RAW_KEY_BYTES + NONCE_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const info = hubKeyInfo(ref);
  let shared: Buffer | undefined;
  let key: Buffer | undefined;
  try {
    shared = diffieHellman({ privateKey: encPrivate, publicKey: publicKeyFromRaw(ephemeralPub, 'X25519') });
    key = wrapKey(shared, Buffer.from(ephemeralPub), info);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(info);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new AikeyError(
      'HubTampered',
      `The hub key (version ${ref.keyVersion}) wrapped for this device does not open: it was altered or is not ours.`,
    );
  } finally {
    wipe(shared, key);
  }
}

function wrapMessage(ref: HubKeyRef, blob: string): Buffer {
  return Buffer.from(hubKeyWrapSignatureMessage({ ...ref, blob }), 'utf8');
}

/** Wraps a hub key for a member and signs the wrap with this device's Ed25519 key. */
export function wrapAndSignHubKey(
  hubKey: Uint8Array,
  memberEncPub: Uint8Array,
  ref: HubKeyRef,
  signPrivate: KeyObject,
): { blob: string; signature: string } {
  const blob = wrapHubKey(hubKey, memberEncPub, ref);
  return { blob, signature: sign(null, wrapMessage(ref, blob), signPrivate).toString('base64') };
}

/** True only when `signature` is the signer's Ed25519 signature over exactly this wrap. */
export function verifyHubKeyWrap(
  ref: HubKeyRef,
  blob: string,
  signature: string,
  signerPub: Uint8Array,
): boolean {
  try {
    return verify(
      null,
      wrapMessage(ref, blob),
      publicKeyFromRaw(signerPub, 'Ed25519'),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

export interface ItemRef {
  hubId: string;
  itemId: string;
  revision: number;
  keyVersion: number;
}

export function itemAad({ hubId, itemId, revision, keyVersion }: ItemRef): Buffer {
  return Buffer.from(itemAadText(hubId, itemId, revision, keyVersion), 'utf8');
}

/** Seals an item's plaintext (JSON bytes) for the hub; returns base64. */
export function sealItem(hubKey: Uint8Array, plaintext: Uint8Array, ref: ItemRef): string {
  return seal(hubKey, plaintext, itemAad(ref)).toString('base64');
}

/** Opens an item from the hub or throws HubTampered (altered, moved, replayed or rolled back). */
export function openItem(hubKey: Uint8Array, ciphertext: string, ref: ItemRef): Buffer {
  try {
    return open(hubKey, Buffer.from(ciphertext, 'base64'), itemAad(ref));
  } catch {
    throw new AikeyError(
      'HubTampered',
      `Item ${ref.itemId} revision ${ref.revision} from the hub does not open: it was altered or replayed.`,
    );
  }
}

export interface MemberRecord {
  hubId: string;
  memberId: string;
  role: HubRole;
  /** Raw 32-byte public keys, base64. */
  encPub: string;
  signPub: string;
}

function memberMessage(r: MemberRecord): Buffer {
  return Buffer.from(memberSignatureMessage(r), 'utf8');
}

/** Signs a member record with this device's Ed25519 private key; returns base64. */
export function signMember(record: MemberRecord, signPrivate: KeyObject): string {
  return sign(null, memberMessage(record), signPrivate).toString('base64');
}

/** True only when `signature` is the signer's Ed25519 signature over exactly this record. */
export function verifyMember(record: MemberRecord, signature: string, signerPub: Uint8Array): boolean {
  try {
    return verify(
      null,
      memberMessage(record),
      publicKeyFromRaw(signerPub, 'Ed25519'),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

export interface JoinProofInput {
  hubId: string;
  inviteId: string;
  encPub: string;
  signPub: string;
}

/** The joiner's proof that it holds the invite secret and chose these public keys; base64. */
export function joinProof(inviteSecret: Uint8Array, input: JoinProofInput): string {
  return createHmac('sha256', inviteSecret)
    .update(joinProofMessage(input.hubId, input.inviteId, input.encPub, input.signPub), 'utf8')
    .digest('base64');
}

export function verifyJoinProof(inviteSecret: Uint8Array, input: JoinProofInput, proof: string): boolean {
  const expected = Buffer.from(joinProof(inviteSecret, input), 'base64');
  const given = Buffer.from(proof, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
