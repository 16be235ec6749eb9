// The parsers and detection rules on their own: line numbers as an editor shows them, dotenv's
// winner for a repeated variable, the shells' history formats, and the names keys get.
import { describe, expect, it } from 'vitest';
import { detectProvider, keyNameFor, providerFromLabel } from '#core/scan/detect.js';
import { parseEnvFile, parseFishHistory, parseZshHistory, secretsInCommand } from '#core/scan/parse-lines.js';
import { parseJsonStore, parseYamlStore } from '#core/scan/parse-structured.js';
import { plantedKey } from './planted-keys.js';

const openai = plantedKey('openai', 'parse');
const groq = plantedKey('groq', 'parse');

describe('scan parsers', () => {
  it('reads env files by dotenv rules and reports the line of the assignment that wins', () => {
    const text = `A=1\r\nOPENAI_API_KEY=old-value-that-loses\r\n# c\r\nexport OPENAI_API_KEY = "${openai}" # inline\r\nMULTI="a\nb"\r\nGROQ_API_KEY=${groq}`;
    expect(parseEnvFile(text).map((r) => [r.variable, r.line, r.value])).toEqual([
      ['A', 1, '1'],
      ['OPENAI_API_KEY', 4, openai],
      ['MULTI', 5, 'a\nb'],
      ['GROQ_API_KEY', 7, groq],
    ]);
  });

  it('reads assignments and prefixed words from shell commands, zsh extended and fish history', () => {
    expect(secretsInCommand(`OPENAI_API_KEY='${openai}' llm "hi" && echo ${groq}`, 9)).toEqual([
      { line: 9, variable: 'OPENAI_API_KEY', value: openai, label: null, providerHint: null },
      { line: 9, variable: 'command', value: groq, label: null, providerHint: null },
    ]);
    const shortest = `fw_${'a1'.repeat(10)}`;
    expect(secretsInCommand(`curl -H "Authorization: Bearer ${shortest}"`, 1).map((r) => r.value)).toEqual([
      shortest,
    ]);
    expect(parseZshHistory(`: 1700000000:0;export GROQ_API_KEY=${groq}`)[0]).toMatchObject({
      line: 1,
      value: groq,
    });
    expect(parseFishHistory(`- cmd: set -gx GROQ_API_KEY "${groq}"\n  when: 1`)[0]).toMatchObject({
      line: 1,
      variable: 'GROQ_API_KEY',
      value: groq,
    });
  });

  it('finds the same value twice on its two lines, and JSON-escaped values on theirs', () => {
    const text = JSON.stringify({ a: { apiKey: openai }, b: { apiKey: openai } }, null, 2);
    expect(parseJsonStore(text).map((r) => r.line)).toEqual([3, 6]);
    expect(parseYamlStore('not: [valid')).toEqual([]);
    expect(parseJsonStore('{"broken"')).toEqual([]);
  });

  it('lets a prefix, the variable or the tool decide whose key it is, the narrowest claim first', () => {
    const deepseek = plantedKey('deepseek', 'ds');
    const raw = (variable: string, value: string, label: string | null = null) => ({
      variable,
      value,
      label,
      providerHint: null,
    });
    expect(detectProvider(raw('KEY', deepseek))).toBe('deepseek');
    expect(detectProvider(raw('MISTRAL_API_KEY', plantedKey('mistral', 'm')))).toBe('mistral');
    expect(detectProvider(raw('SOMETHING', plantedKey('mistral', 'm')))).toBeNull();
    expect(detectProvider(raw('api_key', plantedKey('azure', 'az'), 'azure-openai'))).toBe('azure');
    expect(detectProvider(raw('OPENAI_API_KEY', plantedKey('anthropic', 'a')))).toBe('anthropic');
    expect(providerFromLabel('anthropic_api:default')).toBe('anthropic');
    expect(providerFromLabel('GPT-4o')).toBe('openai');
  });

  it('names keys after the variable or the tool label', () => {
    expect(keyNameFor({ variable: 'OPENAI_API_KEY', label: null }, 'openai')).toBe('default');
    expect(keyNameFor({ variable: 'OPENAI_API_KEY_WORK', label: null }, 'openai')).toBe('work');
    expect(keyNameFor({ variable: 'CLIENT_B_ANTHROPIC_KEY', label: null }, 'anthropic')).toBe('client-b');
    expect(keyNameFor({ variable: 'models[0].apiKey', label: 'GPT-4o (team)' }, 'openai')).toBe(
      'GPT-4o (team)',
    );
    expect(keyNameFor({ variable: 'claude', label: 'claude' }, 'anthropic')).toBe('default');
    expect(keyNameFor({ variable: 'x', label: 'work/π!' }, 'groq')).toBe('work-π');
  });
});
