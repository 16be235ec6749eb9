// Prices per provider and model, in US dollars per million tokens (input, output, cached input), for
// the broker's spend caps and the usage view. Published list prices when this table was written;
// patterns use * for any run of characters and the first match wins, so specific names go first.
//
// Unknown models: a model this table does not list is priced as the provider's most expensive listed
// model (so a spend cap still bounds it), and the recorded cost is that estimate. A token with
// `requireKnownPrice` refuses such models instead. A provider with no list here (custom endpoints)
// is not priced: its calls cost nothing against a cap, unless the token requires a known price.
import type { ProviderId } from './providers.js';

export interface ModelPrice {
  pattern: string;
  input: number;
  output: number;
  cachedInput: number;
}

const p = (pattern: string, input: number, output: number, cachedInput = input): ModelPrice => ({
  pattern,
  input,
  output,
  cachedInput,
});

export type PriceTable = Readonly<Partial<Record<ProviderId, readonly ModelPrice[]>>>;

export const PRICES: PriceTable = {
  openai: [
    p('gpt-4o-mini*', 0.15, 0.6, 0.075),
    p('gpt-4o*', 2.5, 10, 1.25),
    p('gpt-4.1-nano*', 0.1, 0.4, 0.025),
    p('gpt-4.1-mini*', 0.4, 1.6, 0.1),
    p('gpt-4.1*', 2, 8, 0.5),
    p('gpt-5-nano*', 0.05, 0.4, 0.005),
    p('gpt-5-mini*', 0.25, 2, 0.025),
    p('gpt-5*', 1.25, 10, 0.125),
    p('o4-mini*', 1.1, 4.4, 0.275),
    p('o3*', 2, 8, 0.5),
    p('text-embedding-3-small', 0.02, 0),
    p('text-embedding-3-large', 0.13, 0),
  ],
  anthropic: [
    p('claude-opus-4*', 15, 75, 1.5),
    p('claude-sonnet-4*', 3, 15, 0.3),
    p('claude-3-7-sonnet*', 3, 15, 0.3),
    p('claude-haiku-4*', 1, 5, 0.1),
    p('claude-3-5-haiku*', 0.8, 4, 0.08),
  ],
  google: [
    p('gemini-2.5-pro*', 1.25, 10, 0.31),
    p('gemini-2.5-flash-lite*', 0.1, 0.4, 0.025),
    p('gemini-2.5-flash*', 0.3, 2.5, 0.075),
  ],
};

/** Patterns compiled once: the broker prices every call it forwards against the whole list. */
const compiled = new Map<string, RegExp>();

function patternRegExp(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (regexp === undefined) {
    const source = pattern
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regexp = new RegExp(`^${source}$`);
    // User overrides add patterns; a bound keeps a long-running wallet's map small.
    if (compiled.size >= 4096) compiled.clear();
    compiled.set(pattern, regexp);
  }
  return regexp;
}

/** Whether a model name matches a pattern (case-insensitive, * = any run of characters). */
export function modelMatches(pattern: string, model: string): boolean {
  return patternRegExp(pattern).test(model.toLowerCase());
}

export interface PriceAnswer {
  price: ModelPrice;
  /** false: the model is not listed and the price is the fallback rule's estimate. */
  known: boolean;
}

/** The price of a model, by the table or the fallback rule; null for a provider with no list. */
export function priceFor(
  provider: ProviderId,
  model: string | null,
  overrides: PriceTable = {},
): PriceAnswer | null {
  // The user's prices first, so one of theirs wins over the built-in one for the same model.
  const list = [...(overrides[provider] ?? []), ...(PRICES[provider] ?? [])];
  if (list.length === 0) return null;
  const listed = model === null ? undefined : list.find((price) => modelMatches(price.pattern, model));
  if (listed) return { price: listed, known: true };
  const dearest = list.reduce((a, b) => (b.input + b.output > a.input + a.output ? b : a));
  return { price: dearest, known: false };
}

/** Dollars for one call: uncached input, cached input and output at their own prices. */
export function costUsd(
  price: ModelPrice,
  usage: { inputTokens: number | null; outputTokens: number | null; cachedInputTokens: number | null },
): number {
  const cached = usage.cachedInputTokens ?? 0;
  const fresh = Math.max(0, (usage.inputTokens ?? 0) - cached);
  return (fresh * price.input + cached * price.cachedInput + (usage.outputTokens ?? 0) * price.output) / 1e6;
}
