// Audit log shapes shared by main (the store), the IPC contract and the renderer's audit view. An
// entry names its target by hub, provider and key name; it never carries a secret.
import { z } from 'zod';
import { ACTOR_TYPES, AUDIT_ACTIONS, AUDIT_RESULTS } from '../audit-actions.js';

export { ACTOR_TYPES, AUDIT_ACTIONS, AUDIT_RESULTS, type AuditAction } from '../audit-actions.js';

export const AuditQuerySchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(1e9).default(0),
    action: z.enum(AUDIT_ACTIONS).optional(),
    keyId: z.string().max(64).optional(),
    actorName: z.string().max(64).optional(),
    actorType: z.enum(ACTOR_TYPES).optional(),
    result: z.enum(AUDIT_RESULTS).optional(),
    since: z.number().int().optional(),
    until: z.number().int().optional(),
  })
  .strict();
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actorType: z.enum(ACTOR_TYPES),
  actorName: z.string(),
  action: z.string(),
  keyId: z.string().nullable(),
  hubId: z.string().nullable(),
  hubName: z.string().nullable(),
  provider: z.string().nullable(),
  keyName: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), total: z.number() });
export type AuditPage = z.infer<typeof AuditPageSchema>;
