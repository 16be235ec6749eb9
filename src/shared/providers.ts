// The provider registry: what the wallet knows about each AI provider. Pure data plus small pure
// functions, shared by the vault (format checks, masking), the endpoint and CLI (environment names),
// the scanner (telling a provider by a value or a variable name) and the renderer (pickers, docs
// links, live validation). Adding a provider is its id in provider-types.ts and one entry in
// provider-entries.ts.
import { PROVIDERS } from './provider-entries.js';
import { PROVIDER_IDS, type ProviderId, type ProviderInfo } from './provider-types.js';

export { PROVIDER_IDS, PROVIDERS };
export type { KeyFormat, ProviderId, ProviderInfo, ValidationRequest } from './provider-types.js';

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

/**
 * Providers whose format is a subset of another's are tried first, so a value goes to the narrowest
 * match: a DeepSeek key ("sk-" and 32 hex digits) also fits OpenAI's broader "sk-" form. Formats
 * without a prefix (Mistral, Cohere, Azure: bare letters and digits) are never claimed from the
 * value alone; they need a variable name or a tool's label to say whose they are.
 */
const DETECTION_ORDER: readonly ProviderId[] = [
  'anthropic',
  'openrouter',
  'deepseek',
  'openai',
  'google',
  'groq',
  'together',
  'xai',
  'huggingface',
  'perplexity',
  'fireworks',
  'replicate',
];

/** The provider a value belongs to by its prefixed format alone, or null when it is ambiguous. */
export function detectProviderByValue(secret: string): ProviderId | null {
  for (const id of DETECTION_ORDER) {
    const info = PROVIDERS[id];
    if (info.prefixes.length === 0) continue;
    if (info.format?.pattern.test(secret) && info.prefixes.some((p) => secret.startsWith(p))) return id;
  }
  return null;
}

/** The provider whose tools read this environment variable name, or null. */
export function providerForEnvName(name: string): ProviderId | null {
  for (const id of PROVIDER_IDS) {
    if (id !== 'custom' && PROVIDERS[id].envNames.includes(name)) return id;
  }
  return null;
}
