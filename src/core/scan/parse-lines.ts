// Parsers for line-oriented files: env files (dotenv's own rules for the values, with the line
// found by us, since dotenv reports none), shell rc files and the three shells' histories. Each
// returns every value that might be a key with its 1-based line; detect.ts decides whose it is.
// They never throw on odd input: a file they cannot read as expected yields fewer values.
import { parse as parseDotenvValues } from 'dotenv';
import { detectProviderByValue } from '#shared/providers.js';
import type { RawSecret } from './types.js';

/** Lines split the way every platform writes them, so line numbers match an editor's. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every variable of an env file, valued by dotenv, at the line of its last assignment (dotenv's winner). */
export function parseEnvFile(text: string): RawSecret[] {
  const values = parseDotenvValues(text);
  const lines = splitLines(text);
  const found: RawSecret[] = [];
  for (const [variable, value] of Object.entries(values)) {
    const assignment = new RegExp(`^\\s*(?:export\\s+)?${escapeRegExp(variable)}\\s*[=:]`);
    let line = -1;
    lines.forEach((text, index) => {
      if (assignment.test(text)) line = index + 1;
    });
    if (line > 0) found.push({ line, variable, value, label: null, providerHint: null });
  }
  return found.sort((a, b) => a.line - b.line);
}

function unquote(word: string): string {
  if (word.length >= 2 && (word[0] === '"' || word[0] === "'") && word.at(-1) === word[0]) {
    return word.slice(1, -1);
  }
  return word;
}

const ASSIGNMENT =
  /(?:^|[\s;&|(])(?:export\s+|declare\s+-x\s+|typeset\s+-x\s+)?([A-Za-z_]\w*)=("[^"]*"|'[^']*'|[^\s;&|)]*)/g;
const FISH_SET = /(?:^|[\s;])set\s+(?:-\w+\s+)*([A-Za-z_]\w*)\s+("[^"]*"|'[^']*'|[^\s;]+)/g;
const WORD_BREAK = /[\s'"`=:;,()[\]{}]+/;
/** The shortest key a prefix alone identifies: "fw_" or "sk-" and 20 characters. */
const MIN_PREFIXED_KEY = 23;

/**
 * The values in one shell command line: variable assignments (`export X=…`, `X=… cmd`, fish's
 * `set -gx X …`) and any word that carries a provider's own prefix (`curl -H "Authorization:
 * Bearer sk-…"`), the latter under the variable name "command".
 */
export function secretsInCommand(command: string, line: number): RawSecret[] {
  const found: RawSecret[] = [];
  const seen = new Set<string>();
  for (const pattern of [ASSIGNMENT, FISH_SET]) {
    for (const match of command.matchAll(pattern)) {
      const value = unquote(match[2] ?? '');
      if (value === '' || seen.has(value)) continue;
      seen.add(value);
      found.push({ line, variable: match[1] ?? '', value, label: null, providerHint: null });
    }
  }
  for (const word of command.split(WORD_BREAK)) {
    // Every prefixed key is longer than this; most words of a history are far shorter.
    if (word.length < MIN_PREFIXED_KEY || seen.has(word) || detectProviderByValue(word) === null) continue;
    seen.add(word);
    found.push({ line, variable: 'command', value: word, label: null, providerHint: null });
  }
  return found;
}

/** A shell rc file (bash, zsh, sh, fish): each line that is not a comment, read as a command. */
export function parseShellRc(text: string): RawSecret[] {
  return splitLines(text).flatMap((text, index) =>
    /^\s*#/.test(text) ? [] : secretsInCommand(text, index + 1),
  );
}

/** bash history: one command a line; "#1700000000" lines are HISTTIMEFORMAT stamps. */
export function parseBashHistory(text: string): RawSecret[] {
  return splitLines(text).flatMap((text, index) =>
    /^#\d+$/.test(text) ? [] : secretsInCommand(text, index + 1),
  );
}

/** zsh history, plain or EXTENDED_HISTORY (": 1700000000:0;command"). */
export function parseZshHistory(text: string): RawSecret[] {
  return splitLines(text).flatMap((text, index) =>
    secretsInCommand(text.replace(/^: \d+:\d+;/, ''), index + 1),
  );
}

/** fish history: a YAML-like list of "- cmd: …" entries with "when:" and "paths:" beneath. */
export function parseFishHistory(text: string): RawSecret[] {
  return splitLines(text).flatMap((text, index) => {
    const match = /^- cmd: (.*)$/.exec(text);
    return match ? secretsInCommand((match[1] ?? '').replace(/\\n/g, '\n'), index + 1) : [];
  });
}
