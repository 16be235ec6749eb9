// What the desktop's Usage screen asks for and gets: the broker's calls per day (UTC), filtered by
// hub, key, token and model, with the values each filter can take. Counts and cost only: the broker
// never keeps a prompt or a completion.
import { z } from 'zod';

const FilterValue = z.string().min(1).max(200).nullable();

export const UsageQuerySchema = z
  .object({
    /** The last N days, today included. */
    days: z.number().int().min(1).max(366),
    hub: FilterValue.default(null),
    /** "provider:name", as the facets list it. */
    key: FilterValue.default(null),
    token: FilterValue.default(null),
    model: FilterValue.default(null),
  })
  .strict();
export type UsageQuery = z.input<typeof UsageQuerySchema>;

const Totals = {
  requests: z.number().int().min(0),
  errors: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
};

export const UsageDaySchema = z.object({ day: z.string(), ...Totals }).strict();
export type UsageDay = z.infer<typeof UsageDaySchema>;

/** One limit of one token's policy, and how much of it the current period has used. */
export const UsageBudgetSchema = z
  .object({
    token: z.string(),
    budget: z.enum(['tokensPerDay', 'spendPerDay', 'spendPerMonth']),
    used: z.number().min(0),
    limit: z.number().positive(),
    /** When the period ends (UTC day or calendar month), ISO 8601. */
    resetsAt: z.string(),
  })
  .strict();
export type UsageBudget = z.infer<typeof UsageBudgetSchema>;

export const UsageViewSchema = z
  .object({
    /** One entry per day of the range, oldest first, zeros included. */
    days: z.array(UsageDaySchema),
    total: z.object(Totals).strict(),
    /** Every live token with a token or spend budget (only the chosen token when filtered). */
    budgets: z.array(UsageBudgetSchema),
    facets: z
      .object({
        hubs: z.array(z.string()),
        keys: z.array(z.string()),
        tokens: z.array(z.string()),
        models: z.array(z.string()),
      })
      .strict(),
  })
  .strict();
export type UsageView = z.infer<typeof UsageViewSchema>;
