// Access-token shapes shared by main, the CLI, the endpoint and the renderer.
import { z } from 'zod';
import { displayNameSchema, KeyNameSchema, ProviderIdSchema } from './keys.js';

export const TokenNameSchema = displayNameSchema('token');

export const TokenScopeSchema = z
  .object({
    /** Hub ids; omitted or null = every hub. */
    hubs: z.array(z.string().min(1).max(64)).min(1).max(100).nullable().optional(),
    providers: z.array(ProviderIdSchema).min(1).max(20).nullable().optional(),
    keyNames: z.array(KeyNameSchema).min(1).max(100).nullable().optional(),
  })
  .strict();

const TokenExpirySchema = z.number().int().min(0).max(8.64e15).nullable();

export const TokenCreateSchema = z
  .object({
    name: TokenNameSchema,
    scope: TokenScopeSchema.default({}),
    expiresAt: TokenExpirySchema.optional(),
    /** "Ask before use": the desktop asks the user before a new caller uses this token. */
    askBeforeUse: z.boolean().optional(),
  })
  .strict();
export type TokenCreateInput = z.input<typeof TokenCreateSchema>;

/**
 * A change to a token's scope, expiry or "ask before use" (never its value or name). A scope field that is given
 * replaces that field (null = every hub, provider or key name); one left out keeps its value.
 */
export const TokenUpdateSchema = z
  .object({
    scope: TokenScopeSchema.optional(),
    expiresAt: TokenExpirySchema.optional(),
    askBeforeUse: z.boolean().optional(),
  })
  .strict()
  .refine(
    (change) =>
      change.expiresAt !== undefined ||
      change.askBeforeUse !== undefined ||
      Object.values(change.scope ?? {}).some((field) => field !== undefined),
    'Nothing to change: give a scope (providers, hubs, key names), an expiry or "ask before use".',
  );
export type TokenUpdateInput = z.input<typeof TokenUpdateSchema>;

export const TokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  masked: z.string(),
  scope: z.object({
    hubs: z.array(z.string()).nullable(),
    providers: z.array(ProviderIdSchema).nullable(),
    keyNames: z.array(z.string()).nullable(),
  }),
  expiresAt: z.number().nullable(),
  createdAt: z.number(),
  regeneratedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
  useCount: z.number(),
  revokedAt: z.number().nullable(),
  /** The desktop asks the user before a caller it has not approved uses this token. */
  askBeforeUse: z.boolean(),
});
export type TokenSummary = z.infer<typeof TokenSummarySchema>;
export type TokenScope = TokenSummary['scope'];

/** What create and regenerate return: the full token, shown exactly once. */
export interface IssuedToken {
  token: string;
  summary: TokenSummary;
}
