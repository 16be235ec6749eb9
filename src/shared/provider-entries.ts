// The provider registry's entries: one object per provider, nothing else. Adding a provider is its id
// in provider-types.ts and one entry here (environment names, a precise key format, docs, base URL
// and one cheap validation request). Formats are prefix plus exact length wherever the provider
// publishes one, so the scanner can tell providers apart by the value alone.
import type { ProviderId, ProviderInfo, ValidationRequest } from './provider-types.js';

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
    needsBaseUrl: false,
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
    needsBaseUrl: false,
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
    needsBaseUrl: false,
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
    needsBaseUrl: false,
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
    needsBaseUrl: false,
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
    needsBaseUrl: false,
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
    needsBaseUrl: false,
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
    needsBaseUrl: false,
    validation: bearer('/key'),
  },
  xai: {
    id: 'xai',
    displayName: 'xAI (Grok)',
    envNames: ['XAI_API_KEY'],
    // xAI's own SDK speaks gRPC to a fixed host; no SDK reads an OpenAI-style base URL variable.
    baseUrlEnv: null,
    format: {
      pattern: /^xai-[A-Za-z0-9]{80}$/,
      description: 'start with "xai-" followed by exactly 80 letters and digits',
    },
    prefixes: ['xai-'],
    docsUrl: 'https://console.x.ai',
    defaultBaseUrl: 'https://api.x.ai/v1',
    needsBaseUrl: false,
    validation: bearer('/models'),
  },
  deepseek: {
    id: 'deepseek',
    displayName: 'DeepSeek',
    envNames: ['DEEPSEEK_API_KEY'],
    baseUrlEnv: null,
    // "sk-" and 32 hex digits: narrower than an OpenAI key, so detection tries DeepSeek first.
    format: {
      pattern: /^sk-[a-f0-9]{32}$/,
      description: 'start with "sk-" followed by exactly 32 lowercase hex digits',
    },
    prefixes: ['sk-'],
    docsUrl: 'https://platform.deepseek.com/api_keys',
    defaultBaseUrl: 'https://api.deepseek.com',
    needsBaseUrl: false,
    validation: bearer('/models'),
  },
  huggingface: {
    id: 'huggingface',
    displayName: 'Hugging Face',
    envNames: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACEHUB_API_TOKEN', 'HF_API_TOKEN'],
    // huggingface_hub reads the Hub's address from HF_ENDPOINT, the same form as the base URL here.
    baseUrlEnv: 'HF_ENDPOINT',
    format: {
      pattern: /^hf_[A-Za-z0-9]{34}$/,
      description: 'start with "hf_" followed by exactly 34 letters and digits',
    },
    prefixes: ['hf_'],
    docsUrl: 'https://huggingface.co/settings/tokens',
    defaultBaseUrl: 'https://huggingface.co',
    needsBaseUrl: false,
    validation: bearer('/api/whoami-v2'),
  },
  perplexity: {
    id: 'perplexity',
    displayName: 'Perplexity',
    envNames: ['PERPLEXITY_API_KEY', 'PPLX_API_KEY'],
    baseUrlEnv: null,
    format: {
      pattern: /^pplx-[A-Za-z0-9]{48}$/,
      description: 'start with "pplx-" followed by exactly 48 letters and digits',
    },
    prefixes: ['pplx-'],
    docsUrl: 'https://www.perplexity.ai/settings/api',
    defaultBaseUrl: 'https://api.perplexity.ai',
    needsBaseUrl: false,
    // Perplexity lists no models; listing the caller's async requests is its cheapest GET.
    validation: bearer('/async/chat/completions'),
  },
  fireworks: {
    id: 'fireworks',
    displayName: 'Fireworks AI',
    envNames: ['FIREWORKS_API_KEY'],
    baseUrlEnv: null,
    format: {
      pattern: /^fw_[A-Za-z0-9]{20,64}$/,
      description: 'start with "fw_" followed by 20 to 64 letters and digits',
    },
    prefixes: ['fw_'],
    docsUrl: 'https://fireworks.ai/account/api-keys',
    defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    needsBaseUrl: false,
    validation: bearer('/models'),
  },
  replicate: {
    id: 'replicate',
    displayName: 'Replicate',
    envNames: ['REPLICATE_API_TOKEN', 'REPLICATE_API_KEY'],
    baseUrlEnv: null,
    format: {
      pattern: /^r8_[A-Za-z0-9]{37}$/,
      description: 'start with "r8_" followed by exactly 37 letters and digits',
    },
    prefixes: ['r8_'],
    docsUrl: 'https://replicate.com/account/api-tokens',
    defaultBaseUrl: 'https://api.replicate.com/v1',
    needsBaseUrl: false,
    validation: bearer('/account'),
  },
  azure: {
    id: 'azure',
    displayName: 'Azure OpenAI',
    envNames: ['AZURE_OPENAI_API_KEY', 'AZURE_API_KEY'],
    // The openai SDK's AzureOpenAI client reads the resource endpoint (https://NAME.openai.azure.com)
    // from AZURE_OPENAI_ENDPOINT: the form a key's base URL has here.
    baseUrlEnv: 'AZURE_OPENAI_ENDPOINT',
    format: {
      pattern: /^(?:[a-f0-9]{32}|[A-Za-z0-9]{84})$/,
      description: 'are 32 lowercase hex digits (older resources) or exactly 84 letters and digits',
    },
    prefixes: [],
    docsUrl: 'https://learn.microsoft.com/azure/ai-services/openai/reference',
    // Every key belongs to one resource, so there is no default: the key's base URL is its endpoint.
    defaultBaseUrl: '',
    needsBaseUrl: true,
    // The v1 API needs no api-version; the key travels in Azure's own header.
    validation: { method: 'GET', path: '/openai/v1/models', authHeader: 'api-key', authScheme: 'raw' },
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
    needsBaseUrl: true,
    // Most custom endpoints speak the OpenAI-compatible API.
    validation: bearer('/models'),
  },
};
