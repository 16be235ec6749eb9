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

export const TokenCreateSchema = z
  .object({
    name: TokenNameSchema,
    scope: TokenScopeSchema.default({}),
    expiresAt: z.number().int().min(0).max(8.64e15).nullable().optional(),
  })
  .strict();
export type TokenCreateInput = z.input<typeof TokenCreateSchema>;

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
});
export type TokenSummary = z.infer<typeof TokenSummarySchema>;
export type TokenScope = TokenSummary['scope'];

/** What create and regenerate return: the full token, shown exactly once. */
export interface IssuedToken {
  token: string;
  summary: TokenSummary;
}
