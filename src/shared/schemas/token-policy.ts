// A token's broker policy: which models it may call and how much it may use. Every field is
// optional; null or absent means no limit of that kind. Spend is in US dollars, computed from the
// price table in src/shared/prices.ts; periods are UTC days and calendar months.
import { z } from 'zod';
import { modelMatches } from '../prices.js';

/** A model name, or a pattern with * for any run of characters ("gpt-4o*", "claude-*-haiku*"). */
const ModelPatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:/@*-]+$/, 'A model pattern holds letters, digits, . _ : / @ - and *.');

export const TokenPolicySchema = z
  .object({
    models: z.array(ModelPatternSchema).min(1).max(50).nullable().optional(),
    requestsPerMinute: z.number().int().min(1).max(1_000_000).nullable().optional(),
    tokensPerDay: z.number().int().min(1).max(1e12).nullable().optional(),
    spendPerDayUsd: z.number().positive().max(1e7).nullable().optional(),
    spendPerMonthUsd: z.number().positive().max(1e8).nullable().optional(),
    /** Refuse models the price table does not know (instead of pricing them by the fallback rule). */
    requireKnownPrice: z.boolean().optional(),
  })
  .strict();
export type TokenPolicy = z.infer<typeof TokenPolicySchema>;

/** Whether a model name matches one of the patterns (case-insensitive, * = any run). */
export function modelAllowed(patterns: readonly string[], model: string): boolean {
  return patterns.some((pattern) => modelMatches(pattern, model));
}
