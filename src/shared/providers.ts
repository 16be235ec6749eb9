// The provider registry: what the wallet knows about each AI provider. Pure data plus small pure
// functions, shared by the vault (format checks, masking), the endpoint and CLI (environment names)
// and the renderer (pickers, docs links, live validation). Adding a provider is one entry here.

export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'cohere',
  'groq',
  'together',
  'openrouter',
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
  defaultBaseUrl: string;
  validation: ValidationRequest;
}

const bearer = (path: string): ValidationRequest => ({
  method: 'GET',
  path,
  authHeader: 'Authorization',
  authScheme: 'bearer',
});

export const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = {
  openai: {
    id: 'openai',
    displayName: 'OpenAI',
    envNames: ['OPENAI_API_KEY', 'CV_OPENAI_KEY'],
    baseUrlEnv: 'OPENAI_BASE_URL',
    format: {
      pattern: /^sk-[A-Za-z0-9_-]{20,300}$/,
      description:
        'start with "sk-" (for example "sk-proj-") followed by 20 or more letters, digits, "-" or "_"',
    },
    prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-'],
    docsUrl: 'https://platform.openai.com/api-keys',
    defaultBaseUrl: 'https://api.openai.com/v1',
    validation: bearer('/models'),
  },
  anthropic: {
    id: 'anthropic',
    displayName: 'Anthropic',
    envNames: ['ANTHROPIC_API_KEY', 'CV_ANTHROPIC_KEY'],
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    format: {
      pattern: /^sk-ant-[A-Za-z0-9_-]{32,200}$/,
      description:
        'start with "sk-ant-" (for example "sk-ant-api03-") followed by 32 or more letters, digits, "-" or "_"',
    },
    prefixes: ['sk-ant-api03-', 'sk-ant-admin01-', 'sk-ant-'],
    docsUrl: 'https://console.anthropic.com/settings/keys',
    defaultBaseUrl: 'https://api.anthropic.com',
    validation: {
      method: 'GET',
      path: '/v1/models',
      authHeader: 'x-api-key',
      authScheme: 'raw',
      extraHeaders: { 'anthropic-version': '2023-06-01' },
    },
  },
  google: {
    id: 'google',
    displayName: 'Google AI (Gemini)',
    envNames: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'],
    baseUrlEnv: 'GOOGLE_GEMINI_BASE_URL',
    format: {
      pattern: /^AIza[A-Za-z0-9_-]{35}$/,
      description:
        'start with "AIza" followed by exactly 35 letters, digits, "-" or "_" (39 characters in all)',
    },
    prefixes: ['AIza'],
    docsUrl: 'https://aistudio.google.com/app/apikey',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    validation: { method: 'GET', path: '/v1beta/models', authHeader: 'x-goog-api-key', authScheme: 'raw' },
  },
  mistral: {
    id: 'mistral',
    displayName: 'Mistral AI',
    envNames: ['MISTRAL_API_KEY'],
    // Mistral's SDK takes its server URL only as an argument, never from the environment.
    baseUrlEnv: null,
    format: { pattern: /^[A-Za-z0-9]{32}$/, description: 'are exactly 32 letters and digits' },
    prefixes: [],
    docsUrl: 'https://console.mistral.ai/api-keys',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    validation: bearer('/models'),
  },
  cohere: {
    id: 'cohere',
    displayName: 'Cohere',
    envNames: ['CO_API_KEY', 'COHERE_API_KEY'],
    baseUrlEnv: 'CO_API_URL',
    format: { pattern: /^[A-Za-z0-9]{40}$/, description: 'are exactly 40 letters and digits' },
    prefixes: [],
    docsUrl: 'https://dashboard.cohere.com/api-keys',
    defaultBaseUrl: 'https://api.cohere.com',
    validation: bearer('/v1/models'),
  },
  groq: {
    id: 'groq',
    displayName: 'Groq',
    envNames: ['GROQ_API_KEY'],
    // Groq's SDKs read GROQ_BASE_URL as the bare host and add /openai/v1 themselves, while a Groq
    // key's base URL here is the OpenAI-compatible URL that already ends in /openai/v1: exported as
    // GROQ_BASE_URL it would double the path, so it is not exported.
    baseUrlEnv: null,
    format: {
      pattern: /^gsk_[A-Za-z0-9]{52}$/,
      description: 'start with "gsk_" followed by exactly 52 letters and digits',
    },
    prefixes: ['gsk_'],
    docsUrl: 'https://console.groq.com/keys',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    validation: bearer('/models'),
  },
  together: {
    id: 'together',
    displayName: 'Together AI',
    envNames: ['TOGETHER_API_KEY', 'TOGETHERAI_API_KEY'],
    baseUrlEnv: 'TOGETHER_BASE_URL',
    format: {
      pattern: /^(?:tgp_v1_[A-Za-z0-9_-]{20,100}|[a-f0-9]{64})$/,
      description:
        'start with "tgp_v1_" followed by 20 or more letters, digits, "-" or "_", or are 64 lowercase hex digits',
    },
    prefixes: ['tgp_v1_'],
    docsUrl: 'https://api.together.ai/settings/api-keys',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    validation: bearer('/models'),
  },
  openrouter: {
    id: 'openrouter',
    displayName: 'OpenRouter',
    envNames: ['OPENROUTER_API_KEY', 'CV_OPENROUTER_KEY'],
    baseUrlEnv: 'OPENROUTER_BASE_URL',
    format: {
      pattern: /^sk-or-v1-[a-f0-9]{64}$/,
      description: 'start with "sk-or-v1-" followed by exactly 64 lowercase hex digits',
    },
    prefixes: ['sk-or-v1-'],
    docsUrl: 'https://openrouter.ai/keys',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    validation: bearer('/key'),
  },
  custom: {
    id: 'custom',
    displayName: 'Custom endpoint',
    // A custom key's environment name comes from its key name (see envNamesFor); this is the fallback.
    envNames: ['CUSTOM_API_KEY'],
    // Likewise named after the key (see baseUrlEnvFor): LOCAL_LLM_BASE_URL.
    baseUrlEnv: 'CUSTOM_BASE_URL',
    format: null,
    prefixes: [],
    docsUrl: 'https://platform.openai.com/docs/api-reference',
    defaultBaseUrl: '',
    // Most custom endpoints speak the OpenAI-compatible API.
    validation: bearer('/models'),
  },
};

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

export function providerInfo(id: ProviderId): ProviderInfo {
  return PROVIDERS[id];
}

/** The upper-case stem of a custom key's environment names ("local llm" -> LOCAL_LLM), or null. */
function customStem(keyName: string): string | null {
  const stem = keyName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (stem === '') return null;
  return /^[0-9]/.test(stem) ? `CUSTOM_${stem}` : stem;
}

/**
 * Environment names a key is exported under. A custom key named "local llm" is LOCAL_LLM_API_KEY;
 * any other provider uses its registry names.
 */
export function envNamesFor(provider: ProviderId, keyName = 'default'): readonly string[] {
  const stem = provider === 'custom' && keyName !== 'default' ? customStem(keyName) : null;
  if (stem === null) return PROVIDERS[provider].envNames;
  return [stem.endsWith('_API_KEY') ? stem : `${stem}_API_KEY`];
}

/**
 * The environment name a key's own base URL is exported under, or null. A custom key named
 * "local llm" is LOCAL_LLM_BASE_URL, beside its LOCAL_LLM_API_KEY.
 */
export function baseUrlEnvFor(provider: ProviderId, keyName = 'default'): string | null {
  const stem = provider === 'custom' && keyName !== 'default' ? customStem(keyName) : null;
  if (stem === null) return PROVIDERS[provider].baseUrlEnv;
  return `${stem.replace(/_API_KEY$/, '')}_BASE_URL`;
}

/** Null when the secret fits the provider's format, else the words for the expected form. */
export function checkKeyFormat(provider: ProviderId, secret: string): string | null {
  const format = PROVIDERS[provider].format;
  if (format === null || format.pattern.test(secret)) return null;
  return `${PROVIDERS[provider].displayName} keys ${format.description}.`;
}

/**
 * The masked form shown in lists: the provider's public prefix and the last four characters, for
 * example "sk-ant-api03-…a1B2". Short secrets show no tail, so the mask never reveals most of a key.
 */
export function maskSecret(provider: ProviderId, secret: string): string {
  const prefix = PROVIDERS[provider].prefixes.find((p) => secret.startsWith(p)) ?? '';
  const rest = secret.length - prefix.length;
  const tail = rest >= 12 ? secret.slice(-4) : '';
  return `${prefix}…${tail}`;
}
