// The shape of the provider registry, apart from its entries so the entries can live in their own
// file and the functions that read them stay short. Pure TypeScript: shared by every process.

export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'cohere',
  'groq',
  'together',
  'openrouter',
  'xai',
  'deepseek',
  'huggingface',
  'perplexity',
  'fireworks',
  'replicate',
  'azure',
  'custom',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

/** One cheap authenticated request that tells a valid key from an invalid one. */
export interface ValidationRequest {
  method: 'GET';
  /** Path appended to the base URL. The key never goes in the URL. */
  path: string;
  /** Header that carries the key, and how the value is formed from the key. */
  authHeader: string;
  authScheme: 'bearer' | 'raw';
  extraHeaders?: Readonly<Record<string, string>>;
}

export interface KeyFormat {
  pattern: RegExp;
  /**
   * Plain words naming the expected form, completing the sentence "<display name> keys …" (so a
   * plural verb: "start with", "are"); shown in errors, never the key itself.
   */
  description: string;
}

export interface ProviderInfo {
  id: ProviderId;
  displayName: string;
  /** Every environment variable name that tools read for this provider, most common first. */
  envNames: readonly string[];
  /**
   * The environment variable the provider's official SDK reads its base URL from, in the form this
   * registry's defaultBaseUrl has; null where no SDK reads one in that form (a key with its own base
   * URL is then exported without it).
   */
  baseUrlEnv: string | null;
  format: KeyFormat | null;
  /** Known key prefixes, longest first; the mask keeps the matching one. */
  prefixes: readonly string[];
  docsUrl: string;
  /** Empty where every key has its own base URL (custom endpoints, an Azure resource). */
  defaultBaseUrl: string;
  /** A key of this provider is unusable without its own base URL (its endpoint or resource). */
  needsBaseUrl: boolean;
  validation: ValidationRequest;
}
