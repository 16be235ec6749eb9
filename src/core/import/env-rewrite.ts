// `import --replace` for env files: each imported value becomes its aikey:// reference and every
// other byte stays as it was (comments, order, quoting, spacing, line endings, even bytes that are
// not UTF-8: the file is handled as Latin-1, one char per byte). The original goes to a 0600 backup
// beside it first, unless the user said --no-backup; the new file replaces the old one atomically
// (temp file, fsync, rename), keeping its mode. A rewrite that dotenv would read differently from
// what was intended is refused before anything is written. Nothing is ever deleted.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { parse as parseDotenvValues } from 'dotenv';
import { AikeyError } from '#shared/errors.js';
import { writeFileDurably } from '../vault/files.js';

export interface EnvReplacement {
  line: number;
  variable: string;
  secret: string;
  reference: string;
}

export interface EnvRewrite {
  path: string;
  backupPath: string | null;
  replaced: EnvReplacement[];
  /** Values no longer where the scan saw them: left alone. */
  missed: EnvReplacement[];
}

const LINE_BREAK = /(\r\n|\n|\r)/;

/**
 * The text with each replacement's value swapped for its reference on its line, after the
 * variable's `=`. Pure: the byte-exactness lives here and is tested here.
 */
export function rewriteEnvText(
  text: string,
  replacements: readonly EnvReplacement[],
): { text: string; replaced: EnvReplacement[]; missed: EnvReplacement[] } {
  // Split keeping the separators, so joining gives back the very same text.
  const parts = text.split(LINE_BREAK);
  const replaced: EnvReplacement[] = [];
  const missed: EnvReplacement[] = [];
  for (const r of replacements) {
    const index = (r.line - 1) * 2;
    const line = parts[index];
    const assignment =
      line === undefined
        ? null
        : new RegExp(`^\\s*(?:export\\s+)?${r.variable.replace(/[^\w]/g, '\\$&')}\\s*[=:]`).exec(line);
    const at = assignment && line !== undefined ? line.indexOf(r.secret, assignment[0].length) : -1;
    if (line === undefined || at < 0) {
      missed.push(r);
      continue;
    }
    parts[index] = `${line.slice(0, at)}${r.reference}${line.slice(at + r.secret.length)}`;
    replaced.push(r);
  }
  return { text: parts.join(''), replaced, missed };
}

/** Proves dotenv reads the new text as the old one with only the replaced values changed. */
function assertSameExceptReferences(
  before: string,
  after: string,
  replaced: readonly EnvReplacement[],
): void {
  const old = parseDotenvValues(before);
  const next = parseDotenvValues(after);
  const expected: Record<string, string> = { ...old };
  for (const r of replaced) expected[r.variable] = r.reference;
  const same =
    Object.keys(expected).length === Object.keys(next).length &&
    Object.entries(expected).every(([name, value]) => next[name] === value);
  if (!same) {
    throw new AikeyError(
      'InvalidInput',
      'The file could not be rewritten without changing how it reads; it was left as it was.',
    );
  }
}

function backupName(path: string, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let candidate = `${path}.aikey-backup-${stamp}`;
  for (let n = 2; existsSync(candidate); n += 1) candidate = `${path}.aikey-backup-${stamp}-${n}`;
  return candidate;
}

export function replaceInEnvFile(
  file: string,
  replacements: readonly EnvReplacement[],
  options: { backup: boolean; now: number },
): EnvRewrite {
  // A symlinked .env is rewritten where it really lives; the link stays a link.
  const path = realpathSync(file);
  const original = readFileSync(path);
  const before = original.toString('latin1');
  const { text, replaced, missed } = rewriteEnvText(before, replacements);
  if (replaced.length === 0) return { path: file, backupPath: null, replaced, missed };
  assertSameExceptReferences(before, text, replaced);
  let backupPath: string | null = null;
  if (options.backup) {
    backupPath = backupName(path, options.now);
    writeFileDurably(backupPath, original, 0o600);
  }
  writeFileDurably(path, Buffer.from(text, 'latin1'), statSync(path).mode & 0o7777);
  return { path: file, backupPath, replaced, missed };
}
