// Keys for the scan and import tests: each fits its provider's format exactly, and each carries a
// tag, so every file of a fixture holds its own value and a test can tell where a finding came from.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProviderId } from '#shared/providers.js';

function fill(seed: string, length: number): string {
  let text = '';
  while (text.length < length) text += seed;
  return text.slice(0, length);
}

const hex = (tag: string) => Buffer.from(tag, 'utf8').toString('hex');

/** A key of `provider` that no other test uses, built from `tag` (letters and digits). */
export function plantedKey(provider: ProviderId, tag: string): string {
  switch (provider) {
    case 'openai':
      return `sk-proj-${fill(`${tag}Op1`, 48)}`;
    case 'anthropic':
      return `sk-ant-api03-${fill(`${tag}An2`, 93)}AA`;
    case 'google':
      return `AIza${fill(`${tag}Go3`, 35)}`;
    case 'groq':
      return `gsk_${fill(`${tag}Gq4`, 52)}`;
    case 'openrouter':
      return `sk-or-v1-${fill(hex(tag), 64)}`;
    case 'deepseek':
      return `sk-${fill(hex(tag), 32)}`;
    case 'xai':
      return `xai-${fill(`${tag}Xa5`, 80)}`;
    case 'huggingface':
      return `hf_${fill(`${tag}Hf6`, 34)}`;
    case 'perplexity':
      return `pplx-${fill(`${tag}Pp7`, 48)}`;
    case 'fireworks':
      return `fw_${fill(`${tag}Fw8`, 24)}`;
    case 'replicate':
      return `r8_${fill(`${tag}Re9`, 37)}`;
    case 'mistral':
      return fill(`${tag}Mi0`, 32);
    case 'cohere':
      return fill(`${tag}Co1`, 40);
    case 'together':
      return `tgp_v1_${fill(`${tag}To2`, 40)}`;
    case 'azure':
      return fill(hex(tag), 32);
    case 'custom':
      return `custom-${tag}`;
  }
}

/** Writes `text` at `path`, creating its folders. */
export function plant(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

export const at = (...parts: string[]) => join(...parts);
