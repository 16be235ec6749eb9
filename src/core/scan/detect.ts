// Whose key is this? Decided from the value's own prefix and length, the variable it sits in, and
// what the file says beside it (a tool's `provider:` field or its own label). A value only counts
// when it carries a prefix that only one provider uses, or fits the named provider's format, so
// placeholders ("sk-your-key-here") and unrelated settings are never reported.
import {
  checkKeyFormat,
  detectProviderByValue,
  PROVIDERS,
  providerForEnvName,
  type ProviderId,
} from '#shared/providers.js';
import { isUsableKeyValue } from '#shared/key-value.js';
import type { RawSecret } from './types.js';

/** What tools call each provider in their own files; Azure first, since "azure-openai" names both. */
const ALIASES: readonly (readonly [ProviderId, readonly string[]])[] = [
  ['azure', ['azure', 'azureopenai']],
  ['openrouter', ['openrouter']],
  ['openai', ['openai', 'gpt', 'chatgpt', 'codex']],
  ['anthropic', ['anthropic', 'claude']],
  ['google', ['google', 'gemini', 'googleai', 'aistudio']],
  ['mistral', ['mistral', 'mistralai', 'codestral']],
  ['cohere', ['cohere']],
  ['groq', ['groq']],
  ['together', ['together', 'togetherai']],
  ['xai', ['xai', 'grok']],
  ['deepseek', ['deepseek']],
  ['huggingface', ['huggingface', 'hf']],
  ['perplexity', ['perplexity', 'pplx']],
  ['fireworks', ['fireworks', 'fireworksai']],
  ['replicate', ['replicate']],
];

const WORDS = /[^a-z0-9]+/;

/** The provider a tool's label or field names ("claude", "anthropic_api:default", "azure-openai"). */
export function providerFromLabel(label: string): ProviderId | null {
  const lower = label.toLowerCase();
  const tokens = new Set([...lower.split(WORDS), lower.replace(/[^a-z0-9]+/g, '')]);
  for (const [id, aliases] of ALIASES) if (aliases.some((alias) => tokens.has(alias))) return id;
  return null;
}

/** Template text, not a key: "your-key-here", "${OPENAI_API_KEY}", "<paste>", "pplx-xxxxxxxx…". */
const PLACEHOLDER = /your|example|placeholder|changeme|replace|redacted|x{8}|\*{4}|<|>|\$\{|\$\(/i;

/** A value worth a look at all: a plausible key, not a reference, a placeholder or an empty string. */
export function looksLikeSecret(value: string): boolean {
  return (
    value.length >= 16 &&
    isUsableKeyValue(value) &&
    !value.startsWith('aikey://') &&
    !/^https?:\/\//i.test(value) &&
    !PLACEHOLDER.test(value)
  );
}

/** The provider a raw value belongs to, or null when it is not a key the wallet can hold. */
export function detectProvider(
  raw: Pick<RawSecret, 'value' | 'variable' | 'label' | 'providerHint'>,
): ProviderId | null {
  if (!looksLikeSecret(raw.value)) return null;
  // A prefix only one provider uses outweighs the variable: an OpenRouter key often sits in
  // OPENAI_API_KEY, and OpenAI's broad "sk-" form would otherwise claim it.
  const byValue = detectProviderByValue(raw.value);
  if (byValue !== null) return byValue;
  const named =
    raw.providerHint ??
    providerForEnvName(raw.variable) ??
    (raw.label !== null ? providerFromLabel(raw.label) : null) ??
    providerFromLabel(raw.variable);
  return named !== null && named !== 'custom' && checkKeyFormat(named, raw.value) === null ? named : null;
}

const NAME_NOISE = new Set(['api', 'key', 'keys', 'token', 'secret', 'apikey', 'access', 'cv']);

/** A key name the vault accepts: letters, digits, spaces and . _ - @ ( ), at most 64 characters. */
function cleanName(text: string): string {
  const name = text
    .replace(/[^\p{L}\p{N} ._@()-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-. ]+|[-. ]+$/g, '')
    .slice(0, 64)
    .trim();
  return name === '' ? 'default' : name;
}

/**
 * The name a found key gets in the vault: "default" for a provider's own variable (OPENAI_API_KEY)
 * or a tool's plain label ("openai"); what is left of the variable once the provider and the
 * API/KEY words are gone (OPENAI_API_KEY_WORK -> "work"); else the tool's own label.
 */
export function keyNameFor(candidate: Pick<RawSecret, 'variable' | 'label'>, provider: ProviderId): string {
  const { variable, label } = candidate;
  if (PROVIDERS[provider].envNames.includes(variable)) return 'default';
  const aliases = ALIASES.find(([id]) => id === provider)?.[1] ?? [];
  const rest = (text: string) =>
    text
      .toLowerCase()
      .split(WORDS)
      .filter((word) => word !== '' && !NAME_NOISE.has(word) && !aliases.includes(word));
  if (label !== null && label.trim() !== '') {
    return rest(label).length === 0 ? 'default' : cleanName(label.trim());
  }
  const leaf =
    variable
      .split(/[.[\]]/)
      .filter(Boolean)
      .at(-1) ?? variable;
  const words = /^[A-Z0-9_]+$/.test(leaf) ? rest(leaf) : [];
  return words.length === 0 ? 'default' : cleanName(words.join('-'));
}

/** Base-URL variables tools read besides the registry's own (litellm and aider spell Azure's so). */
const MORE_BASE_URL_NAMES: Partial<Record<ProviderId, readonly string[]>> = {
  azure: ['AZURE_API_BASE'],
  openai: ['OPENAI_API_BASE'],
};

/**
 * The base URL a file or environment sets beside a key: an Azure key is unusable without its
 * resource endpoint, and a key used through a proxy needs the proxy's URL. Null when none is set.
 */
export function baseUrlBeside(provider: ProviderId, variables: ReadonlyMap<string, string>): string | null {
  const names = [PROVIDERS[provider].baseUrlEnv, ...(MORE_BASE_URL_NAMES[provider] ?? [])];
  for (const name of names) {
    const value = name === null ? undefined : variables.get(name)?.trim();
    if (value && /^https?:\/\/\S+$/i.test(value) && URL.canParse(value)) return value;
  }
  return null;
}
