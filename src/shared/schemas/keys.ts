// Input and output shapes for provider keys, validated with zod at every boundary (IPC, CLI,
// endpoint). Pure: shared by main and the renderer.
import { z } from 'zod';
import { KEY_VALUE, KEY_VALUE_RULE, MAX_KEY_LENGTH } from '../key-value.js';
import { PROVIDER_IDS, type ProviderId } from '../providers.js';

export const ProviderIdSchema = z.enum(PROVIDER_IDS);

/** A short human name (of a key, a token, a hub): letters, digits, spaces and a little punctuation. */
export function displayNameSchema(what: string) {
  return z
    .string()
    .trim()
    .min(1, `A ${what} name cannot be empty.`)
    .max(64, `A ${what} name has at most 64 characters.`)
    .regex(/^[\p{L}\p{N} ._@()-]+$/u, `A ${what} name may use letters, digits, spaces and . _ - @ ( ).`);
}

export const KeyNameSchema = displayNameSchema('key');

/** Pasted keys often carry a trailing newline or spaces; they are never part of a key. */

export { isUsableKeyValue, KEY_VALUE_RULE, MAX_KEY_LENGTH } from '../key-value.js';

export const SecretSchema = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, 'The key is empty.')
      .max(MAX_KEY_LENGTH, `The key is longer than ${MAX_KEY_LENGTH} characters.`)
      .regex(KEY_VALUE, `A key is ${KEY_VALUE_RULE}.`),
  );

export const BaseUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .url('The base URL must be a full URL such as https://api.example.com/v1.')
  .refine((u) => /^https?:\/\//i.test(u), 'The base URL must start with http:// or https://.');

const IdSchema = z.string().min(1).max(64);
const EpochMsSchema = z.number().int().min(0).max(8.64e15);

export const KeyCreateSchema = z
  .object({
    hubId: IdSchema.optional(),
    provider: ProviderIdSchema,
    name: KeyNameSchema.default('default'),
    secret: SecretSchema,
    notes: z.string().max(2000).optional(),
    baseUrl: BaseUrlSchema.optional(),
    expiresAt: EpochMsSchema.optional(),
  })
  .strict();
export type KeyCreateInput = z.input<typeof KeyCreateSchema>;

export const KeyUpdateSchema = z
  .object({
    id: IdSchema,
    name: KeyNameSchema.optional(),
    secret: SecretSchema.optional(),
    notes: z.string().max(2000).nullable().optional(),
    baseUrl: BaseUrlSchema.nullable().optional(),
    expiresAt: EpochMsSchema.nullable().optional(),
  })
  .strict();
export type KeyUpdateInput = z.input<typeof KeyUpdateSchema>;

export const KeyListQuerySchema = z
  .object({
    hubId: IdSchema.optional(),
    provider: ProviderIdSchema.optional(),
    search: z.string().max(200).optional(),
    state: z.enum(['live', 'deleted']).default('live'),
    /** A page of the list, in its order (the Keys screen paints the first page, then asks for the rest). */
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).max(1e9).optional(),
  })
  .strict();
export type KeyListQuery = z.input<typeof KeyListQuerySchema>;

export const KeySummarySchema = z.object({
  id: z.string(),
  hubId: z.string(),
  hubName: z.string(),
  provider: ProviderIdSchema,
  name: z.string(),
  masked: z.string(),
  notes: z.string().nullable(),
  baseUrl: z.string().nullable(),
  expiresAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  usageCount: z.number(),
  lastUsedAt: z.number().nullable(),
  deletedAt: z.number().nullable(),
  previousMasked: z.string().nullable(),
  rotatedAt: z.number().nullable(),
});
export type KeySummary = z.infer<typeof KeySummarySchema>;

/** An opaque value that moves whenever the vault's data may have changed (see keys:changes). */
export const KeyChangesSchema = z.object({ stamp: z.string() });
export type KeyChanges = z.infer<typeof KeyChangesSchema>;

/** Live validation: what the provider said of a key. */
export const VALIDATION_OUTCOMES = [
  'valid',
  'invalid_key',
  'no_network',
  'rate_limited',
  'unexpected',
] as const;
export const ValidationResultSchema = z.object({
  outcome: z.enum(VALIDATION_OUTCOMES),
  /** The provider's HTTP status, when it answered. */
  status: z.number().int().nullable(),
  message: z.string(),
});
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

export interface ValidationTarget {
  provider: ProviderId;
  secret: string;
  /** The key's own base URL, or null for the provider's default. */
  baseUrl: string | null;
}

/** What keys:validate takes: a stored key by id, or a key typed into the form. */
export type ValidationRequest =
  { id: string } | { provider: ProviderId; secret: string; baseUrl?: string | undefined };
