// The team hub's HTTP contract: every request and response body as a zod schema, shared by the hub
// server (src/hub) and the wallet's sync client (src/main/sync), so the two cannot drift apart.
// The invite code and the exact strings both sides sign live in hub-protocol.ts.
// Pure TypeScript: no node:*, no electron. Nothing here may carry a provider name, key name or key
// value in clear: the hub only ever sees ciphertext, wrapped keys and public keys.
import { z } from 'zod';

// ---- Building blocks -------------------------------------------------------------------------

/** Ids minted by the hub for hubs, members and invites: 12 characters of [a-z2-9]. */
export const HubIdSchema = z.string().regex(/^[a-z2-9]{12}$/, 'Not a hub id.');
export const MemberIdSchema = z.string().regex(/^[a-z2-9]{12}$/, 'Not a member id.');
export const InviteIdSchema = z.string().regex(/^[a-z2-9]{12}$/, 'Not an invite id.');
/** Item ids are chosen by the wallet (a UUID), so an item can be created offline. */
export const ItemIdSchema = z.uuid();

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Standard base64 (with padding) of exactly `bytes` bytes. */
function base64Of(bytes: number, what: string) {
  const length = Math.ceil(bytes / 3) * 4;
  return z
    .string()
    .length(length, `${what} must be ${bytes} bytes in base64.`)
    .regex(B64, `${what} is not base64.`);
}
/** A raw X25519 or Ed25519 public key: 32 bytes, base64. */
export const PublicKeySchema = base64Of(32, 'A public key');
/** HMAC-SHA256 of the join message keyed by the invite secret: 32 bytes, base64. */
export const JoinProofSchema = base64Of(32, 'The join proof');
/** An Ed25519 signature: 64 bytes, base64. */
export const SignatureSchema = base64Of(64, 'A signature');
/** 32 random bytes in base64url (no padding): the invite secret. */
export const InviteSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not an invite secret.');
/** A wrapped hub key: ephemeralPub(32) || nonce(12) || ciphertext(32) || tag(16), base64. */
export const WrappedKeyBlobSchema = z.string().min(8).max(512).regex(B64, 'A wrapped key must be base64.');
/** A sealed item (AES-256-GCM), base64. 64 KiB of base64 is far above any real key record. */
export const ItemCiphertextSchema = z
  .string()
  .min(4)
  .max(65_536, 'A sealed item is at most 64 KiB of base64.')
  .regex(B64, 'The ciphertext must be base64.');
export const KeyVersionSchema = z.number().int().min(1).max(1_000_000);
export const RevisionSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const SeqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const EpochMsSchema = z.number().int().min(0);
export const DeviceNameSchema = z
  .string()
  .trim()
  .min(1, 'A device name cannot be empty.')
  .max(64, 'A device name has at most 64 characters.')
  .regex(/^[\p{L}\p{N} ._@()'-]+$/u, "A device name may use letters, digits, spaces and . _ - @ ( ) '.");
export const HubNameSchema = DeviceNameSchema.describe('hub name');

export const HubRoleSchema = z.enum(['owner', 'admin', 'member']);
export type HubRole = z.infer<typeof HubRoleSchema>;
/** pending: joined, waiting for an admin's signature and key wrap. removed/left: token is dead. */
export const MemberStatusSchema = z.enum(['pending', 'active', 'removed', 'left']);
export type MemberStatus = z.infer<typeof MemberStatusSchema>;

/** Device token `ahd_<memberId>_<secret>`: one per membership, stored as SHA-256 on the hub. */
export const DEVICE_TOKEN_PATTERN = /^ahd_([a-z2-9]{12})_([A-Za-z0-9_-]{43})$/;
export const DeviceTokenSchema = z.string().regex(DEVICE_TOKEN_PATTERN, 'Not a hub device token.');

// ---- Errors ----------------------------------------------------------------------------------

export const HUB_ERROR_CODES = [
  'invalid_request', // 400: malformed JSON, failed schema, bad query
  'unauthorized', // 401: missing, malformed or unknown device token
  'member_removed', // 401: this membership was removed or left; the wallet wipes its copy of the hub
  'invite_invalid', // 403: unknown invite or wrong secret
  'forbidden', // 403: role too low, or an action nobody may take (removing the owner)
  'member_pending', // 403: not yet approved by an admin
  'not_found', // 404: no such route, hub, member or item
  'method_not_allowed', // 405
  'conflict', // 409: stale baseRevision, a tombstone, or a rotate that misses an item; carries `current`
  'key_version_mismatch', // 409: written under a key version that is not the hub's current one
  'key_exists', // 409: the hub key was already bootstrapped
  'member_set_changed', // 409: rotate's wrappedKeys do not match the active members
  'not_pending', // 409: approving a member that is not pending
  'invite_used', // 410
  'invite_expired', // 410
  'payload_too_large', // 413
  'unsupported_media_type', // 415: bodies must be application/json
  'rate_limited', // 429: too many failed authentications from one address; see Retry-After
  'internal', // 500
] as const;
export const HubErrorCodeSchema = z.enum(HUB_ERROR_CODES);
export type HubErrorCode = z.infer<typeof HubErrorCodeSchema>;

export const HubErrorBodySchema = z.object({
  error: z.object({ code: HubErrorCodeSchema, message: z.string() }),
});
export type HubErrorBody = z.infer<typeof HubErrorBodySchema>;

// ---- Health ----------------------------------------------------------------------------------

export const HealthResponseSchema = z.object({ status: z.literal('ok'), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

// ---- Invites and joining ---------------------------------------------------------------------

/** POST /v1/hubs/:hubId/invites (admin/owner). */
export const InviteCreateRequestSchema = z
  .object({
    role: z.enum(['admin', 'member']),
    /** Default 7 days; at most 30 days. */
    expiresInHours: z.number().int().min(1).max(720).optional(),
  })
  .strict();
export type InviteCreateRequest = z.infer<typeof InviteCreateRequestSchema>;

export const InviteCreateResponseSchema = z.object({
  inviteId: InviteIdSchema,
  /** Returned once; the hub keeps only its SHA-256. */
  inviteSecret: InviteSecretSchema,
  role: HubRoleSchema,
  expiresAt: EpochMsSchema,
});
export type InviteCreateResponse = z.infer<typeof InviteCreateResponseSchema>;

/** POST /v1/hubs/:hubId/join (no device token: the invite secret is the credential). */
export const JoinRequestSchema = z
  .object({
    inviteId: InviteIdSchema,
    inviteSecret: InviteSecretSchema,
    deviceName: DeviceNameSchema,
    encPub: PublicKeySchema,
    signPub: PublicKeySchema,
    proof: JoinProofSchema,
  })
  .strict();
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const JoinResponseSchema = z.object({
  memberId: MemberIdSchema,
  /** Shown once: the wallet seals it in its vault. */
  deviceToken: DeviceTokenSchema,
  role: HubRoleSchema,
  status: MemberStatusSchema,
  hub: z.object({ id: HubIdSchema, name: z.string() }),
});
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

// ---- Members ---------------------------------------------------------------------------------

export const MemberSchema = z.object({
  memberId: MemberIdSchema,
  role: HubRoleSchema,
  status: MemberStatusSchema,
  deviceName: z.string(),
  encPub: PublicKeySchema,
  signPub: PublicKeySchema,
  /** Public data: an HMAC the inviter's wallet checks with the invite secret it kept. */
  proof: JoinProofSchema,
  signature: SignatureSchema.nullable(),
  signedBy: MemberIdSchema.nullable(),
  /** null for the owner, who joined through `aikey-hub init`'s invite. */
  invitedBy: MemberIdSchema.nullable(),
  joinedAt: EpochMsSchema,
  removedAt: EpochMsSchema.nullable(),
});
export type Member = z.infer<typeof MemberSchema>;

/** GET /v1/hubs/:hubId/members: every member ever joined, removed ones included (status says). */
export const MembersResponseSchema = z.object({
  hub: z.object({ id: HubIdSchema, name: z.string(), currentKeyVersion: KeyVersionSchema.nullable() }),
  members: z.array(MemberSchema),
});
export type MembersResponse = z.infer<typeof MembersResponseSchema>;

/**
 * POST /v1/hubs/:hubId/members/:memberId/approve (admin/owner). Makes a pending member active.
 * The owner also calls it once on itself with an empty wrappedKeys to store its self-signature.
 * For anyone else, wrappedKeys must include the hub's current key version.
 */
export const ApproveRequestSchema = z
  .object({
    signature: SignatureSchema,
    signedBy: MemberIdSchema,
    /** Each signed by `signedBy` over hubKeyWrapSignatureMessage. */
    wrappedKeys: z
      .array(
        z
          .object({ keyVersion: KeyVersionSchema, blob: WrappedKeyBlobSchema, signature: SignatureSchema })
          .strict(),
      )
      .max(1000),
  })
  .strict();
export type ApproveRequest = z.infer<typeof ApproveRequestSchema>;
export const ApproveResponseSchema = z.object({ member: MemberSchema });
export type ApproveResponse = z.infer<typeof ApproveResponseSchema>;

/** DELETE /v1/hubs/:hubId/members/:memberId: remove (admin/owner) or leave (own id). */
export const RemoveResponseSchema = z.object({ memberId: MemberIdSchema, status: MemberStatusSchema });
export type RemoveResponse = z.infer<typeof RemoveResponseSchema>;

// ---- Hub keys --------------------------------------------------------------------------------

/**
 * A hub key wrapped for one member, with the Ed25519 signature (over hubKeyWrapSignatureMessage) of
 * the admin or owner who wrapped it: a wallet takes a hub key only from someone it trusts to rotate.
 */
export const MemberWrapSchema = z
  .object({
    memberId: MemberIdSchema,
    blob: WrappedKeyBlobSchema,
    signature: SignatureSchema,
    signedBy: MemberIdSchema,
  })
  .strict();
export type MemberWrap = z.infer<typeof MemberWrapSchema>;

/** POST /v1/hubs/:hubId/keys (owner only, once): the owner's wrap of hub key v1. */
export const KeyBootstrapRequestSchema = z
  .object({ keyVersion: z.literal(1), wrappedKeys: z.array(MemberWrapSchema).min(1).max(1) })
  .strict();
export type KeyBootstrapRequest = z.infer<typeof KeyBootstrapRequestSchema>;
export const KeyBootstrapResponseSchema = z.object({ currentKeyVersion: KeyVersionSchema });
export type KeyBootstrapResponse = z.infer<typeof KeyBootstrapResponseSchema>;

/** GET /v1/hubs/:hubId/keys/mine */
export const MyKeysResponseSchema = z.object({
  currentKeyVersion: KeyVersionSchema.nullable(),
  keys: z.array(
    z.object({
      keyVersion: KeyVersionSchema,
      blob: WrappedKeyBlobSchema,
      /** null only for wraps stored before wraps were signed: a wallet does not take those. */
      signature: SignatureSchema.nullable(),
      signedBy: MemberIdSchema.nullable(),
    }),
  ),
});
export type MyKeysResponse = z.infer<typeof MyKeysResponseSchema>;

// ---- Items -----------------------------------------------------------------------------------

export const HubItemSchema = z.object({
  id: ItemIdSchema,
  revision: RevisionSchema,
  ciphertext: ItemCiphertextSchema,
  deleted: z.boolean(),
  keyVersion: KeyVersionSchema,
  updatedAt: EpochMsSchema,
  updatedBy: MemberIdSchema,
  seq: SeqSchema,
});
export type HubItem = z.infer<typeof HubItemSchema>;

/** GET /v1/hubs/:hubId/items?since=&limit= (query strings, coerced). */
export const PullQuerySchema = z
  .object({
    since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();
export type PullQuery = z.infer<typeof PullQuerySchema>;
export const PullResponseSchema = z.object({
  items: z.array(HubItemSchema),
  /** The highest seq returned, or `since` when nothing changed: pass it back as the next `since`. */
  cursor: SeqSchema,
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** PUT /v1/hubs/:hubId/items/:itemId. baseRevision 0 creates. A tombstone is never written again. */
export const PushRequestSchema = z
  .object({
    baseRevision: RevisionSchema,
    ciphertext: ItemCiphertextSchema,
    deleted: z.boolean(),
    keyVersion: KeyVersionSchema,
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequestSchema>;
export const PushResponseSchema = z.object({ revision: RevisionSchema, seq: SeqSchema });
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** 409 on push, batch or rotate: `current` is the hub's item, or null when the item does not exist. */
export const ConflictBodySchema = HubErrorBodySchema.extend({ current: HubItemSchema.nullable() });
export type ConflictBody = z.infer<typeof ConflictBodySchema>;
/** 409 key_version_mismatch carries the version the wallet must use (after fetching keys/mine). */
export const KeyVersionMismatchBodySchema = HubErrorBodySchema.extend({
  currentKeyVersion: KeyVersionSchema.nullable(),
});
export type KeyVersionMismatchBody = z.infer<typeof KeyVersionMismatchBodySchema>;

export const BATCH_MAX_ITEMS = 1000;
/** Request body caps (bytes): a client splits batches by count AND by size to stay under them. */
export const HUB_BODY_LIMITS = {
  default: 256 * 1024,
  batch: 16 * 1024 * 1024,
  rotate: 128 * 1024 * 1024,
} as const;
/** POST /v1/hubs/:hubId/items:batch — each item CAS-checked on its own; ids must be distinct. */
export const BatchPushRequestSchema = z
  .object({
    items: z
      .array(PushRequestSchema.extend({ id: ItemIdSchema }).strict())
      .min(1)
      .max(BATCH_MAX_ITEMS)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'Item ids must be distinct.'),
  })
  .strict();
export type BatchPushRequest = z.infer<typeof BatchPushRequestSchema>;
export const BatchResultSchema = z.discriminatedUnion('status', [
  z.object({ id: ItemIdSchema, status: z.literal('ok'), revision: RevisionSchema, seq: SeqSchema }),
  z.object({ id: ItemIdSchema, status: z.literal('conflict'), current: HubItemSchema.nullable() }),
]);
export type BatchResult = z.infer<typeof BatchResultSchema>;
export const BatchPushResponseSchema = z.object({ results: z.array(BatchResultSchema) });
export type BatchPushResponse = z.infer<typeof BatchPushResponseSchema>;

/**
 * POST /v1/hubs/:hubId/rotate (admin/owner), all or nothing. keyVersion = current + 1; wrappedKeys
 * exactly cover the active members; items re-seal every live item (tombstones optional, they stay
 * deleted). Any stale or missing live item -> 409 conflict and nothing changes.
 */
export const RotateRequestSchema = z
  .object({
    keyVersion: KeyVersionSchema,
    wrappedKeys: z.array(MemberWrapSchema).min(1).max(10_000),
    items: z
      .array(
        z
          .object({ id: ItemIdSchema, baseRevision: RevisionSchema.min(1), ciphertext: ItemCiphertextSchema })
          .strict(),
      )
      .max(200_000)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'Item ids must be distinct.'),
  })
  .strict();
export type RotateRequest = z.infer<typeof RotateRequestSchema>;
export const RotateResponseSchema = z.object({
  currentKeyVersion: KeyVersionSchema,
  items: z.array(z.object({ id: ItemIdSchema, revision: RevisionSchema, seq: SeqSchema })),
});
export type RotateResponse = z.infer<typeof RotateResponseSchema>;

// ---- Live events (GET /v1/hubs/:hubId/events, text/event-stream) -----------------------------

/**
 * The stream opens with `event: ready` (data {seq}: subscribed, nothing after this is missed), then
 * sends `event: change` with HubEvent data on every change, a `: heartbeat` comment every 15 s, and
 * `event: removed` right before it closes if the caller's membership ends.
 */
export const ReadyEventSchema = z.object({ seq: SeqSchema });
export type ReadyEvent = z.infer<typeof ReadyEventSchema>;
/** `event: change` with this JSON as data; `seq` is the hub's latest item cursor. */
export const HubEventSchema = z.object({ seq: SeqSchema, kind: z.enum(['item', 'member', 'key']) });
export type HubEvent = z.infer<typeof HubEventSchema>;
