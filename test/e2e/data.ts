// Fixed test data for the e2e journeys: a strong master password and provider keys that pass the
// registry's format checks. All of it is throwaway; none of it is a real credential.
export const PASSWORD = 'correct horse battery staple 42!';
export const WRONG_PASSWORD = 'correct horse battery staple 43!';

/** Known to the fake provider: validates with 200. */
export const VALID_OPENAI_KEY = `sk-proj-${'Xy7'.repeat(16)}Q9z0`;
/** The fake provider answers 429 for this one. */
export const RATE_LIMITED_OPENAI_KEY = `sk-proj-${'Rl5'.repeat(16)}L1m1`;
/** Well formed but unknown to the fake provider: 401. */
export const UNKNOWN_OPENAI_KEY = `sk-proj-${'Uk3'.repeat(16)}N0p3`;
export const ANTHROPIC_KEY = `sk-ant-api03-${'Zq8'.repeat(30)}a1B2`;
export const GROQ_KEY = `gsk_${'a1'.repeat(26)}`;

const DAY_MS = 86_400_000;
export const inDays = (days: number): number => Date.now() + days * DAY_MS;
