import { describe, expect, it } from 'vitest';
import {
  baseUrlEnvFor,
  checkKeyFormat,
  detectProviderByValue,
  providerForEnvName,
  envNamesFor,
  maskSecret,
  PROVIDER_IDS,
  PROVIDERS,
} from './providers.js';

const valid: Record<string, string> = {
  openai: `sk-proj-${'a'.repeat(40)}`,
  anthropic: `sk-ant-api03-${'b'.repeat(90)}`,
  google: `AIza${'c'.repeat(35)}`,
  mistral: 'd'.repeat(32),
  cohere: 'e'.repeat(40),
  groq: `gsk_${'f'.repeat(52)}`,
  together: 'a'.repeat(64),
  openrouter: `sk-or-v1-${'0'.repeat(64)}`,
  xai: `xai-${'X1'.repeat(40)}`,
  deepseek: `sk-${'0a'.repeat(16)}`,
  huggingface: `hf_${'Hf'.repeat(17)}`,
  perplexity: `pplx-${'P9'.repeat(24)}`,
  fireworks: `fw_${'F2'.repeat(12)}`,
  replicate: `r8_${'R'.repeat(37)}`,
  azure: 'a1'.repeat(16),
  custom: 'anything',
};

describe('provider registry', () => {
  it('describes every provider completely', () => {
    for (const id of PROVIDER_IDS) {
      const p = PROVIDERS[id];
      expect(p.id).toBe(id);
      expect(p.envNames.length).toBeGreaterThan(0);
      expect(p.docsUrl).toMatch(/^https:\/\//);
      if (p.needsBaseUrl) expect(p.defaultBaseUrl).toBe('');
      else expect(p.defaultBaseUrl).toMatch(/^https:\/\//);
      expect(p.validation.path).toMatch(/^\//);
      expect(checkKeyFormat(id, valid[id]!)).toBeNull();
    }
  });

  it('lists every environment name tools read', () => {
    expect(PROVIDERS.google.envNames).toEqual(expect.arrayContaining(['GEMINI_API_KEY', 'GOOGLE_API_KEY']));
    expect(PROVIDERS.cohere.envNames).toEqual(expect.arrayContaining(['CO_API_KEY', 'COHERE_API_KEY']));
    expect(envNamesFor('custom', 'local llm')).toEqual(['LOCAL_LLM_API_KEY']);
    expect(envNamesFor('custom', '2nd')).toEqual(['CUSTOM_2ND_API_KEY']);
    expect(envNamesFor('openai', 'work')).toEqual(['OPENAI_API_KEY', 'CV_OPENAI_KEY']);
  });

  it("names cv-git's aliases after the standard names, so tools that read either find the key", () => {
    expect(PROVIDERS.anthropic.envNames).toEqual(['ANTHROPIC_API_KEY', 'CV_ANTHROPIC_KEY']);
    expect(PROVIDERS.openai.envNames).toEqual(['OPENAI_API_KEY', 'CV_OPENAI_KEY']);
    expect(PROVIDERS.openrouter.envNames).toEqual(['OPENROUTER_API_KEY', 'CV_OPENROUTER_KEY']);
  });

  it('names the base-URL variable each official SDK reads, and none where no SDK reads one', () => {
    expect(Object.fromEntries(PROVIDER_IDS.map((id) => [id, baseUrlEnvFor(id)]))).toEqual({
      openai: 'OPENAI_BASE_URL',
      anthropic: 'ANTHROPIC_BASE_URL',
      google: 'GOOGLE_GEMINI_BASE_URL',
      mistral: null,
      cohere: 'CO_API_URL',
      groq: null,
      together: 'TOGETHER_BASE_URL',
      openrouter: 'OPENROUTER_BASE_URL',
      xai: null,
      deepseek: null,
      huggingface: 'HF_ENDPOINT',
      perplexity: null,
      fireworks: null,
      replicate: null,
      azure: 'AZURE_OPENAI_ENDPOINT',
      custom: 'CUSTOM_BASE_URL',
    });
    // A custom key's base URL sits beside its key variable.
    expect(baseUrlEnvFor('custom', 'local llm')).toBe('LOCAL_LLM_BASE_URL');
    expect(baseUrlEnvFor('custom', 'vllm_api_key')).toBe('VLLM_BASE_URL');
    expect(baseUrlEnvFor('custom', '2nd')).toBe('CUSTOM_2ND_BASE_URL');
    expect(baseUrlEnvFor('openai', 'work')).toBe('OPENAI_BASE_URL');
  });

  it('names the expected form when a key does not fit', () => {
    expect(checkKeyFormat('groq', 'gsk_short')).toMatch(/"gsk_" followed by exactly 52/);
    expect(checkKeyFormat('openrouter', `sk-or-v1-${'Z'.repeat(64)}`)).toMatch(/hex/);
  });

  it('says what is wrong in a grammatical sentence', () => {
    expect(checkKeyFormat('openai', 'sk-short')).toBe(
      'OpenAI keys start with "sk-" (for example "sk-proj-") followed by 20 or more letters, digits, "-" or "_".',
    );
    expect(checkKeyFormat('mistral', 'short')).toBe('Mistral AI keys are exactly 32 letters and digits.');
    expect(checkKeyFormat('together', 'nope')).toMatch(
      /^Together AI keys start with "tgp_v1_" .*, or are 64/,
    );
    // Each description completes "<provider> keys …" with a plural verb.
    for (const id of PROVIDER_IDS) {
      const description = PROVIDERS[id].format?.description;
      if (description !== undefined) expect(description).toMatch(/^(start with|are) /);
    }
  });

  it('masks to the known prefix plus the last four, and hides short secrets entirely', () => {
    expect(maskSecret('anthropic', `sk-ant-api03-${'x'.repeat(40)}a1B2`)).toBe('sk-ant-api03-…a1B2');
    expect(maskSecret('mistral', `${'m'.repeat(28)}WXYZ`)).toBe('…WXYZ');
    expect(maskSecret('custom', 'tiny')).toBe('…');
  });

  it('needs a base URL only where every key has its own endpoint', () => {
    expect(PROVIDER_IDS.filter((id) => PROVIDERS[id].needsBaseUrl)).toEqual(['azure', 'custom']);
    expect(PROVIDERS.azure.validation).toMatchObject({ path: '/openai/v1/models', authHeader: 'api-key' });
  });

  it('accepts both Azure key forms and refuses near misses of every new format', () => {
    expect(checkKeyFormat('azure', 'A'.repeat(84))).toBeNull();
    expect(checkKeyFormat('azure', 'a'.repeat(33))).toMatch(/^Azure OpenAI keys are 32/);
    expect(checkKeyFormat('xai', `xai-${'a'.repeat(79)}`)).toMatch(/exactly 80/);
    expect(checkKeyFormat('deepseek', `sk-${'A'.repeat(32)}`)).toMatch(/hex/);
    expect(checkKeyFormat('huggingface', `hf_${'a'.repeat(33)}`)).toMatch(/exactly 34/);
    expect(checkKeyFormat('perplexity', `pplx-${'a'.repeat(47)}`)).toMatch(/exactly 48/);
    expect(checkKeyFormat('fireworks', 'fw_short')).toMatch(/20 to 64/);
    expect(checkKeyFormat('replicate', `r8_${'a'.repeat(36)}`)).toMatch(/exactly 37/);
  });

  it('tells a provider by a prefixed value, the narrowest format first', () => {
    for (const id of PROVIDER_IDS) {
      const expected = ['mistral', 'cohere', 'azure', 'custom'].includes(id) ? null : id;
      // Together's 64-hex form has no prefix: only its tgp_v1_ form is told by value.
      const value = id === 'together' ? `tgp_v1_${'t'.repeat(40)}` : valid[id]!;
      expect(detectProviderByValue(value), id).toBe(expected);
    }
    expect(detectProviderByValue('a'.repeat(64))).toBeNull();
    expect(detectProviderByValue('sk-nothing')).toBeNull();
  });

  it('tells a provider by the environment name its tools read', () => {
    expect(providerForEnvName('HF_TOKEN')).toBe('huggingface');
    expect(providerForEnvName('AZURE_OPENAI_API_KEY')).toBe('azure');
    expect(providerForEnvName('CV_ANTHROPIC_KEY')).toBe('anthropic');
    expect(providerForEnvName('CUSTOM_API_KEY')).toBeNull();
    expect(providerForEnvName('PATH')).toBeNull();
  });

  it('masks the new prefixes', () => {
    expect(maskSecret('huggingface', valid.huggingface!)).toBe(`hf_…${valid.huggingface!.slice(-4)}`);
    expect(maskSecret('azure', valid.azure!)).toBe(`…${valid.azure!.slice(-4)}`);
  });
});
