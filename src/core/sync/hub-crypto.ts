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
//
// SECURITY: X25519 and Ed25519 come from @noble/curves (audited, pure JavaScript), not node:crypto,
// so they behave the same in Node (OpenSSL) and in Electron's main process (BoringSSL, which has
// neither curve behind Node's KeyObject API in every build). node:crypto is kept only for what
// BoringSSL is known to provide: AES-256-GCM, HKDF-SHA256, HMAC/SHA-256 and random bytes. The wire
// formats are unchanged (raw 32-byte keys, 64-byte RFC 8032 signatures), so hubs made before the
// switch keep verifying and opening: test/core/sync/noble-compat.test.ts holds fixtures from the
// node:crypto implementation. Ed25519 verification is RFC 8032 strict (no ZIP-215 leniency).
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
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

export type HubCurve = 'X25519' | 'Ed25519';

/** A private key as its raw 32 bytes, with its curve and public half (what identity.ts opens). */
export interface HubPrivateKey {
  readonly curve: HubCurve;
  readonly secret: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** An X25519 or Ed25519 public key's raw 32 bytes, checked; a wrong length is a typed error. */
export function publicKeyFromRaw(raw: Uint8Array, curve: HubCurve): Uint8Array {
  if (raw.length !== RAW_KEY_BYTES) {
    throw new AikeyError('HubTampered', `A member's ${curve} public key is not 32 bytes long.`);
  }
  return raw;
}

/** A private key from its raw 32 bytes and matching raw public key; a mismatch is refused. */
export function privateKeyFromRaw(
  rawPrivate: Uint8Array,
  rawPublicKey: Uint8Array,
  curve: HubCurve,
): HubPrivateKey {
  if (rawPrivate.length !== RAW_KEY_BYTES || rawPublicKey.length !== RAW_KEY_BYTES) {
    throw new AikeyError('Internal', `An ${curve} key must be 32 bytes.`);
  }
  const derived = curve === 'X25519' ? x25519.getPublicKey(rawPrivate) : ed25519.getPublicKey(rawPrivate);
  if (!timingSafeEqual(Buffer.from(derived), Buffer.from(rawPublicKey))) {
    throw new AikeyError('Internal', `This device's ${curve} private key does not match its public key.`);
  }
  return { curve, secret: Uint8Array.from(rawPrivate), publicKey: Uint8Array.from(rawPublicKey) };
}

/** A fresh key pair as raw 32-byte halves (random bytes from node:crypto's CSPRNG). */
export function generateRawKeyPair(curve: HubCurve): { publicKey: Buffer; privateKey: Buffer } {
  const privateKey = randomBytes(RAW_KEY_BYTES);
  const publicKey = curve === 'X25519' ? x25519.getPublicKey(privateKey) : ed25519.getPublicKey(privateKey);
  return { publicKey: Buffer.from(publicKey), privateKey };
}

function expectCurve(key: HubPrivateKey, curve: HubCurve): Uint8Array {
  if (key.curve !== curve) throw new AikeyError('Internal', `An ${curve} private key is needed here.`);
  return key.secret;
}

/** X25519, refusing a low-order public key (an all-zero shared secret) as OpenSSL did. */
function sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Buffer {
  return Buffer.from(x25519.getSharedSecret(privateKey, publicKeyFromRaw(publicKey, 'X25519')));
}

/** An RFC 8032 Ed25519 signature (64 bytes), base64. */
function signEd25519(message: Buffer, key: HubPrivateKey): string {
  return Buffer.from(ed25519.sign(message, expectCurve(key, 'Ed25519'))).toString('base64');
}

function verifyEd25519(message: Buffer, signature: string, signerPub: Uint8Array): boolean {
  try {
    const bytes = Buffer.from(signature, 'base64');
    return ed25519.verify(bytes, message, publicKeyFromRaw(signerPub, 'Ed25519'), { zip215: false });
  } catch {
    return false;
  }
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
  const ephemeralPrivate = randomBytes(RAW_KEY_BYTES);
  const ephemeralPub = Buffer.from(x25519.getPublicKey(ephemeralPrivate));
  const shared = sharedSecret(ephemeralPrivate, recipient);
  wipe(ephemeralPrivate);
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
export function unwrapHubKey(blob: string, encPrivate: HubPrivateKey, ref: HubKeyRef): Buffer {
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
    shared = sharedSecret(expectCurve(encPrivate, 'X25519'), ephemeralPub);
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
  signPrivate: HubPrivateKey,
): { blob: string; signature: string } {
  const blob = wrapHubKey(hubKey, memberEncPub, ref);
  return { blob, signature: signEd25519(wrapMessage(ref, blob), signPrivate) };
}

/** True only when `signature` is the signer's Ed25519 signature over exactly this wrap. */
export function verifyHubKeyWrap(
  ref: HubKeyRef,
  blob: string,
  signature: string,
  signerPub: Uint8Array,
): boolean {
  return verifyEd25519(wrapMessage(ref, blob), signature, signerPub);
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
export function signMember(record: MemberRecord, signPrivate: HubPrivateKey): string {
  return signEd25519(memberMessage(record), signPrivate);
}

/** True only when `signature` is the signer's Ed25519 signature over exactly this record. */
export function verifyMember(record: MemberRecord, signature: string, signerPub: Uint8Array): boolean {
  return verifyEd25519(memberMessage(record), signature, signerPub);
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
