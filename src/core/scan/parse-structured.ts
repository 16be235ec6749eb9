// One walker for every tool that keeps keys in JSON or YAML (llm, cv-git, Claude Code, Codex,
// aichat, Continue, opencode, aider). It visits each string and keeps those a key could be: a field
// named like a key (apiKey, api_key, token, OPENAI_API_KEY, "openai"), an aider-style
// "provider=key" item, or any value with a provider's own prefix. What sits beside the value (a
// `provider`, `name` or `type` field, the parent's name) becomes the provider hint and the label.
// JSON strings that hold JSON (cv-git stores each credential that way) are walked too.
import { parse as parseYaml } from 'yaml';
import { detectProviderByValue, providerForEnvName, type ProviderId } from '#shared/providers.js';
import { providerFromLabel } from './detect.js';
import { splitLines } from './parse-lines.js';
import type { RawSecret } from './types.js';

type Tree = unknown;
const MAX_DEPTH = 24;
const KEY_FIELD = /api[_-]?key|apikey|token|secret|password|^key$/i;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

interface Found {
  variable: string;
  value: string;
  label: string | null;
  providerHint: ProviderId | null;
}

function isRecord(value: Tree): value is Record<string, Tree> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, Tree>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function hintFrom(record: Record<string, Tree>, parentKey: string | null): ProviderId | null {
  for (const field of ['provider', 'name', 'type', 'title']) {
    const value = stringField(record, field);
    const id = value === null ? null : providerFromLabel(value);
    if (id !== null) return id;
  }
  return parentKey === null ? null : providerFromLabel(parentKey);
}

function walk(tree: Tree, path: string, parentKey: string | null, depth: number, out: Found[]): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(tree)) {
    // An item of a list is named by its own fields, not by the list's name.
    tree.forEach((item, index) => {
      walk(item, `${path}[${index}]`, null, depth + 1, out);
    });
    return;
  }
  if (!isRecord(tree)) return;
  const hint = hintFrom(tree, parentKey);
  const label = stringField(tree, 'title') ?? stringField(tree, 'name');
  for (const [field, value] of Object.entries(tree)) {
    const fieldPath = path === '' ? field : `${path}.${field}`;
    if (typeof value === 'string')
      collectString(field, fieldPath, value, { hint, label, parentKey }, depth, out);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      value.forEach((item, index) => {
        collectString(field, `${fieldPath}[${index}]`, item, { hint, label, parentKey }, depth, out);
      });
    } else walk(value, fieldPath, field, depth + 1, out);
  }
}

function collectString(
  field: string,
  path: string,
  value: string,
  context: { hint: ProviderId | null; label: string | null; parentKey: string | null },
  depth: number,
  out: Found[],
): void {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      walk(JSON.parse(trimmed) as Tree, path, field, depth + 1, out);
      return;
    } catch {
      // Not JSON after all: look at it as a plain value.
    }
  }
  // aider's `api-key: [gemini=…]` and `set-env: [OPENAI_API_KEY=…]`.
  const pair = /^([A-Za-z][\w-]*)=(\S+)$/.exec(trimmed);
  if (pair && (providerFromLabel(pair[1] ?? '') !== null || providerForEnvName(pair[1] ?? '') !== null)) {
    const name = pair[1] ?? '';
    out.push({
      variable: ENV_NAME.test(name) ? name : path,
      value: pair[2] ?? '',
      label: ENV_NAME.test(name) ? null : name,
      providerHint: providerForEnvName(name) ?? providerFromLabel(name),
    });
    return;
  }
  const envStyle = ENV_NAME.test(field) && providerForEnvName(field) !== null;
  const aliasField = providerFromLabel(field);
  if (!envStyle && !KEY_FIELD.test(field) && aliasField === null && detectProviderByValue(trimmed) === null) {
    return;
  }
  out.push({
    variable: envStyle || ENV_NAME.test(field) ? field : path,
    value: trimmed,
    label: envStyle ? null : (context.label ?? (aliasField !== null ? field : context.parentKey)),
    providerHint: envStyle ? null : (context.hint ?? aliasField),
  });
}

/** Gives each value the line it sits on, in file order, as the file spells it. */
function withLines(text: string, found: Found[], spell: (value: string) => string): RawSecret[] {
  const lines = splitLines(text);
  const used = new Map<string, number>();
  return found.map((f) => {
    const spelled = spell(f.value);
    const from = used.get(spelled) ?? 0;
    const index = lines.findIndex((line, i) => i >= from && line.includes(spelled));
    used.set(spelled, index >= 0 ? index + 1 : from);
    return { ...f, line: index >= 0 ? index + 1 : 1 };
  });
}

export function parseJsonStore(text: string): RawSecret[] {
  let tree: Tree;
  try {
    tree = JSON.parse(text) as Tree;
  } catch {
    return [];
  }
  const found: Found[] = [];
  walk(tree, '', null, 0, found);
  return withLines(text, found, (value) => JSON.stringify(value).slice(1, -1));
}

export function parseYamlStore(text: string): RawSecret[] {
  let tree: Tree;
  try {
    tree = parseYaml(text, { maxAliasCount: 100 }) as Tree;
  } catch {
    return [];
  }
  const found: Found[] = [];
  walk(tree, '', null, 0, found);
  return withLines(text, found, (value) => value);
}
