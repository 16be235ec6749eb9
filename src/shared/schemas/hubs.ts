// What the desktop window sees of team hubs: each hub with its sync status, its members, an invite,
// and what a sync did. Shaped for people, not for the hub protocol: no public keys, proofs,
// signatures, device tokens or wrapped keys cross to the renderer. The one secret here is an invite
// code, and it exists only as the answer of hubs:invite (shown once, never logged).
import { z } from 'zod';
import {
  DeviceNameSchema,
  HubIdSchema,
  HubRoleSchema,
  MemberIdSchema,
  MemberStatusSchema,
} from '../hub-api.js';

const EpochMs = z.number().int().min(0);

/** This wallet's membership of a team hub, as its last sync left it. */
export const HubSyncStatusSchema = z.object({
  role: HubRoleSchema,
  /** pending: joined, waiting for an admin's wallet to approve this device. */
  membership: z.enum(['pending', 'active']),
  hubUrl: z.string(),
  lastSyncAt: EpochMs.nullable(),
  /** Local changes waiting in the outbox for the hub. */
  pendingChanges: z.number().int().min(0),
  /** Following the hub's live events. */
  live: z.boolean(),
  /** Why the last sync failed, in words; null after a good sync. */
  lastError: z.string().nullable(),
});
export type HubSyncStatus = z.infer<typeof HubSyncStatusSchema>;

export const HubSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['personal', 'team']),
  /** null for the Personal hub, which never syncs. */
  sync: HubSyncStatusSchema.nullable(),
});
export type HubSummary = z.infer<typeof HubSummarySchema>;

const InviteCodeInputSchema = z
  .string()
  .trim()
  .min(1, 'Paste the invite code you were given.')
  .max(4096, 'This is not a valid aikey invite code.');

export const HubJoinSchema = z
  .object({ code: InviteCodeInputSchema, deviceName: DeviceNameSchema.optional() })
  .strict();

export const HubRefSchema = z.object({ hubId: HubIdSchema }).strict();

export const HubInviteSchema = z
  .object({ hubId: HubIdSchema, role: z.enum(['admin', 'member']).default('member') })
  .strict();

/** Shown once with a Copy button; whoever holds it can join until it is used or expires. */
export const IssuedInviteSchema = z.object({ code: z.string(), role: HubRoleSchema, expiresAt: EpochMs });
export type IssuedInvite = z.infer<typeof IssuedInviteSchema>;

export const HubMemberRefSchema = z.object({ hubId: HubIdSchema, memberId: MemberIdSchema }).strict();

/** Whether this wallet believes the member's keys (see src/main/sync/member-trust.ts). */
export const MEMBER_TRUST = ['verified', 'swapped_key', 'unverified', 'pending', 'gone'] as const;

export const HubMemberSchema = z.object({
  memberId: z.string(),
  deviceName: z.string(),
  role: HubRoleSchema,
  status: MemberStatusSchema,
  trust: z.enum(MEMBER_TRUST),
  joinedAt: EpochMs,
  /** This device's own membership. */
  isYou: z.boolean(),
});
export type HubMember = z.infer<typeof HubMemberSchema>;

export const HubSyncProblemSchema = z.object({
  kind: z.enum(['tampered', 'rollback', 'swapped_key', 'unverified_member', 'bad_proof']),
  detail: z.string(),
  at: EpochMs,
});

export const HubSyncResultSchema = z.object({
  hubId: z.string(),
  /** removed: this device was removed from the hub, and its local copy is gone. */
  status: z.enum(['synced', 'pending', 'removed']),
  pushed: z.number().int().min(0),
  pulled: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  approved: z.number().int().min(0),
  /** What this sync found wrong with the hub; reported, never applied. */
  problems: z.array(HubSyncProblemSchema),
});
export type HubSyncResult = z.infer<typeof HubSyncResultSchema>;
