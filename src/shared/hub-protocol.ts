// The team-hub protocol's exact bytes, shared by the hub server and the wallet: the strings both
// sides sign, MAC or bind as AAD (built byte for byte alike), and the invite code a new member pastes.
// Pure TypeScript: no node:*, no Buffer. Split from hub-api.ts, which holds the HTTP bodies.
import { z } from 'zod';
import { AikeyError } from './errors.js';
import { HubIdSchema, InviteIdSchema, InviteSecretSchema, PublicKeySchema, type HubRole } from './hub-api.js';

// ---- Signed, MACed and bound strings (both sides must build them byte for byte) --------------

export function joinProofMessage(hubId: string, inviteId: string, encPub: string, signPub: string): string {
  return `aikey-join|${hubId}|${inviteId}|${encPub}|${signPub}`;
}

export function memberSignatureMessage(m: {
  hubId: string;
  memberId: string;
  role: HubRole;
  encPub: string;
  signPub: string;
}): string {
  return `aikey-member|${m.hubId}|${m.memberId}|${m.role}|${m.encPub}|${m.signPub}`;
}

export function hubKeyWrapInfo(hubId: string, memberId: string, keyVersion: number): string {
  return `aikey-hubkey|${hubId}|${memberId}|${keyVersion}`;
}

/**
 * What the admin or owner who wraps a hub key for a member signs (Ed25519): the wrap is bound to its
 * hub, member and key version, so a hub can neither forge a wrap of a key it chose nor move one.
 */
export function hubKeyWrapSignatureMessage(w: {
  hubId: string;
  memberId: string;
  keyVersion: number;
  blob: string;
}): string {
  return `aikey-hubkey-wrap|${w.hubId}|${w.memberId}|${w.keyVersion}|${w.blob}`;
}

export function itemAad(hubId: string, itemId: string, revision: number, keyVersion: number): string {
  return `aikey-item|v1|${hubId}|${itemId}|${revision}|${keyVersion}`;
}

// ---- Invite codes ----------------------------------------------------------------------------

export const INVITE_CODE_PREFIX = 'aikey-invite:';

export const InviteCodePayloadSchema = z
  .object({
    /** The hub's base URL, e.g. https://hub.example.com or http://127.0.0.1:8787. */
    u: z.url({ protocol: /^https?$/ }).max(2048),
    h: HubIdSchema,
    i: InviteIdSchema,
    s: InviteSecretSchema,
    /** The inviter's Ed25519 public key (base64), or null for the owner's invite. */
    f: PublicKeySchema.nullable(),
    /**
     * The owner's Ed25519 public key as the inviter verified it, so a member invited by an admin
     * trusts the owner too. Absent from codes made before it existed, and when the inviter could
     * not verify the owner.
     */
    o: PublicKeySchema.optional(),
  })
  .strict();
export type InviteCodePayload = z.infer<typeof InviteCodePayloadSchema>;

export function encodeInviteCode(payload: InviteCodePayload): string {
  const valid = InviteCodePayloadSchema.parse(payload);
  return INVITE_CODE_PREFIX + encodeBase64Url(new TextEncoder().encode(JSON.stringify(valid)));
}

/** Throws AikeyError('InvalidInput') for anything that is not a well-formed invite code. */
export function decodeInviteCode(code: string): InviteCodePayload {
  const trimmed = code.trim();
  const bad = () => new AikeyError('InvalidInput', 'This is not a valid aikey invite code.');
  if (!trimmed.startsWith(INVITE_CODE_PREFIX) || trimmed.length > 4096) throw bad();
  let json: unknown;
  try {
    const bytes = decodeBase64Url(trimmed.slice(INVITE_CODE_PREFIX.length));
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad();
  }
  const parsed = InviteCodePayloadSchema.safeParse(json);
  if (!parsed.success) throw bad();
  return parsed.data;
}

// ---- base64url (pure: src/shared may not use Buffer) -----------------------------------------

const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += B64URL_ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** Strict: unpadded base64url only; any other character or a dangling character throws. */
export function decodeBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('Not base64url.');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of text) {
    buffer = (buffer << 6) | B64URL_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}
