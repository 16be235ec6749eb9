// `aikey inject -i template -o file`: config files that are not env files (YAML, JSON, TOML, ...)
// hold aikey:// references; inject writes a copy with each reference replaced by its key. The copy
// is written 0600 through a temporary file and a rename, so a reader never sees half a file and
// nobody else can read it; an existing file is replaced only with --force, and never the template
// itself. Secrets go to stdout only when stdout is not a terminal (a pipe or a file).
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { REFERENCE_IN_TEXT } from '#shared/key-reference.js';
import { type ClientOptions } from '../client.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, quoted } from '../output.js';
import { resolveReferences, type ReferenceUse } from '../reference-resolver.js';

export interface InjectOptions {
  /** The template; undefined or "-" reads stdin. */
  input?: string | undefined;
  /** Where to write; undefined or "-" writes stdout (refused when stdout is a terminal). */
  output?: string | undefined;
  force: boolean;
  json: boolean;
}

/** What --json prints after writing a file (nothing is printed beside secrets on stdout). */
export interface InjectResult {
  written: string;
  /** Distinct references resolved. */
  references: number;
  /** Places in the template a key was put. */
  replaced: number;
}

const MAX_TEMPLATE = 10 * 1024 * 1024;

export const INJECT_USAGE = 'Usage: aikey inject [-i TEMPLATE] [-o FILE] [--force]';

function readTemplate(input: string | undefined): { text: string; label: string } {
  const fromStdin = input === undefined || input === '-';
  const label = fromStdin ? 'stdin' : input;
  let bytes: Buffer;
  try {
    if (!fromStdin && statSync(input).size > MAX_TEMPLATE) throw new RangeError();
    bytes = readFileSync(fromStdin ? 0 : input);
  } catch {
    throw new CliError(EXIT.usage, 'Template', `The template ${quoted(label)} could not be read.`);
  }
  if (bytes.length > MAX_TEMPLATE)
    throw new CliError(EXIT.usage, 'Template', `The template ${quoted(label)} is larger than 10 MiB.`);
  return { text: bytes.toString('utf8'), label };
}

/** Each reference in the text with its line, so an error points at the place to fix. */
export function referencesInText(text: string, label: string): ReferenceUse[] {
  const uses: ReferenceUse[] = [];
  let line = 1;
  let counted = 0;
  for (const match of text.matchAll(REFERENCE_IN_TEXT)) {
    for (let i = counted; i < match.index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
    counted = match.index;
    uses.push({ where: `${label} line ${line}`, text: match[0] });
  }
  return uses;
}

/** Writes next to the target, flushes, then renames over it: all of the new file or none of it. */
function writeAtomically(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.aikey-tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temporary, 'wx', 0o600);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temporary, path);
  } catch {
    if (fd !== null) closeSync(fd);
    rmSync(temporary, { force: true });
    throw new CliError(EXIT.failure, 'WriteFailed', `Could not write ${quoted(path)}.`);
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

export async function injectCommand(client: ClientOptions, options: InjectOptions): Promise<void> {
  const toStdout = options.output === undefined || options.output === '-';
  if (toStdout && process.stdout.isTTY) {
    throw new CliError(
      EXIT.usage,
      'Terminal',
      'inject writes keys: give -o FILE, or send stdout to a pipe or a file, not to a terminal.',
    );
  }
  if (!toStdout) {
    const output = options.output!;
    if (options.input !== undefined && options.input !== '-' && sameFile(options.input, output))
      throw new CliError(EXIT.usage, 'Usage', 'The output would replace the template itself.');
    if (existsSync(output) && !options.force)
      throw new CliError(
        EXIT.usage,
        'OutputExists',
        `${quoted(output)} already exists; pass --force to replace it.`,
      );
  }
  const { text, label } = readTemplate(options.input);
  const uses = referencesInText(text, label);
  const values = uses.length > 0 ? await resolveReferences(client, uses) : new Map<string, string>();
  const result = text.replace(REFERENCE_IN_TEXT, (reference) => values.get(reference)!);
  if (toStdout) {
    process.stdout.write(result);
    return;
  }
  const written = resolve(options.output!);
  writeAtomically(written, result);
  if (options.json) {
    const summary: InjectResult = { written, references: values.size, replaced: uses.length };
    printJson(summary);
  }
}
