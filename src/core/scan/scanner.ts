// The scan itself: which files to read (the paths given, or the working directory and every place
// in the location table), each read by its location's parser, each value kept only when detection
// names a provider. Read-only. Values stay inside src/core as Candidates; the outside world gets
// Findings (masked) and a saved scan that records where each key is, never the key.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { maskSecret } from '#shared/providers.js';
import { baseUrlBeside, detectProvider } from './detect.js';
import { locationById, SCAN_LOCATIONS, type ScanContext, type ScanLocation } from './locations.js';
import type { Candidate, Finding, SourceInfo } from './types.js';
import { findEnvFiles } from './walk.js';

/** Larger files are not configuration: a history past this is read no further than this. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface ScanRequest extends ScanContext {
  /** Files or folders to scan; none means the working directory and every known location. */
  paths?: readonly string[];
  /** Cancels the scan (it rejects with the signal's AbortError). */
  signal?: AbortSignal;
  /** After the files are known and after each is read: for a progress bar. */
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanProgress {
  read: number;
  of: number;
  found: number;
}

/** A file's text, or null when it is missing, not a regular file, or unreadable. */
function readText(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return null;
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_FILE_BYTES));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

export function sourceOf(location: ScanLocation): SourceInfo {
  return {
    kind: location.kind,
    location: location.id,
    tool: location.tool,
    replaceable: location.kind === 'env-file',
    advice: location.advice,
  };
}

/** The location a file belongs to: a place the table names, else by its name, else an env file. */
export function locationOf(path: string, ctx: ScanContext): ScanLocation {
  const absolute = resolve(ctx.cwd, path);
  return (
    SCAN_LOCATIONS.find((l) => l.files(ctx).some((f) => resolve(f) === absolute)) ??
    SCAN_LOCATIONS.find((l) => l.matches(absolute)) ??
    (locationById('dotenv') as ScanLocation)
  );
}

/** Every key in one file, read as `location` reads it. */
export function candidatesIn(path: string, location: ScanLocation): Candidate[] {
  const text = readText(path);
  if (text === null) return [];
  const seen = new Set<string>();
  const found: Candidate[] = [];
  const raws = location.parse(text);
  const variables = new Map(raws.map((r) => [r.variable, r.value]));
  for (const raw of raws) {
    const provider = detectProvider(raw);
    const id = `${raw.line}\u0000${raw.variable}\u0000${raw.value}`;
    if (provider === null || seen.has(id)) continue;
    seen.add(id);
    const { providerHint: _hint, ...rest } = raw;
    found.push({
      ...rest,
      path,
      location: location.id,
      provider,
      baseUrl: baseUrlBeside(provider, variables),
    });
  }
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The files a scan reads, each with its location, in a stable order and each once. */
export async function scanTargets(request: ScanRequest): Promise<[string, ScanLocation][]> {
  const targets = new Map<string, ScanLocation>();
  const add = (file: string, location?: ScanLocation) => {
    const path = resolve(request.cwd, file);
    if (!targets.has(path)) targets.set(path, location ?? locationOf(path, request));
  };
  const given = request.paths ?? [];
  const roots = given.length > 0 ? given.map((p) => resolve(request.cwd, p)) : [request.cwd];
  for (const root of roots) {
    if (isDirectory(root)) for (const file of await findEnvFiles(root, request.signal)) add(file);
    else add(root);
  }
  if (given.length === 0) {
    for (const location of SCAN_LOCATIONS) for (const file of location.files(request)) add(file, location);
  }
  return [...targets];
}

/** Every key in the request's files. Yields to the event loop between files, so it never blocks long. */
export async function collectCandidates(request: ScanRequest): Promise<Candidate[]> {
  const targets = await scanTargets(request);
  const found: Candidate[] = [];
  request.onProgress?.({ read: 0, of: targets.length, found: 0 });
  for (const [index, [path, location]] of targets.entries()) {
    request.signal?.throwIfAborted();
    found.push(...candidatesIn(path, location));
    request.onProgress?.({ read: index + 1, of: targets.length, found: found.length });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return found;
}

/**
 * What a scan shows. `inVault` answers "is this exact value already stored?" (by keyed
 * fingerprint); null when there is no unlocked vault to ask.
 */
export function findingsOf(
  candidates: readonly Candidate[],
  inVault: ((value: string) => boolean) | null,
): Finding[] {
  return candidates.map((c, index) => ({
    id: index + 1,
    path: c.path,
    line: c.line,
    provider: c.provider,
    variable: c.variable,
    label: c.label,
    masked: maskSecret(c.provider, c.value),
    alreadyInVault: inVault === null ? null : inVault(c.value),
    source: sourceOf(locationById(c.location) as ScanLocation),
  }));
}
