// Where `aikey import` gets its keys: a file (read by the location the scanner would read it with),
// the last saved scan (each value read again from its file, so a changed file is noticed), or the
// environment. All three give ImportCandidates; the plan does the rest.
import { AikeyError } from '#shared/errors.js';
import { baseUrlBeside, detectProvider } from '../scan/detect.js';
import { loadLastScan } from '../scan/last-scan.js';
import { candidatesIn, locationOf, sourceOf } from '../scan/scanner.js';
import { locationById, type ScanContext } from '../scan/locations.js';
import type { SourceInfo } from '../scan/types.js';
import type { ImportCandidate } from './import-plan.js';

export function candidatesFromFile(path: string, ctx: ScanContext): ImportCandidate[] {
  const location = locationOf(path, ctx);
  const source = sourceOf(location);
  return candidatesIn(path, location).map(({ location: _id, ...c }) => ({ ...c, source }));
}

/** Parses "1,3,5-7" into finding ids. */
export function parseSelection(text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) throw new AikeyError('InvalidInput', `--select takes finding numbers such as 1,3,5-7.`);
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (from < 1 || to < from || to - from > 10_000)
      throw new AikeyError('InvalidInput', `--select: ${part} is not a range of finding numbers.`);
    for (let id = from; id <= to; id += 1) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

export function candidatesFromScan(dataDir: string, select: readonly number[] | null): ImportCandidate[] {
  const saved = loadLastScan(dataDir);
  const wanted = select === null ? saved.findings : saved.findings.filter((f) => select.includes(f.id));
  const unknown = select?.filter((id) => !saved.findings.some((f) => f.id === id)) ?? [];
  if (unknown.length > 0) {
    throw new AikeyError('InvalidInput', `The last scan has no finding ${unknown.join(', ')}.`);
  }
  const reread = new Map<string, ReturnType<typeof candidatesIn>>();
  return wanted.map((finding) => {
    const location = locationById(finding.location);
    if (!location) throw new AikeyError('InvalidInput', 'The saved scan is damaged. Run `aikey scan` again.');
    const key = `${finding.location}\u0000${finding.path}`;
    if (!reread.has(key)) reread.set(key, candidatesIn(finding.path, location));
    const now = reread
      .get(key)
      ?.find(
        (c) => c.line === finding.line && c.variable === finding.variable && c.provider === finding.provider,
      );
    const base = {
      path: finding.path,
      line: finding.line,
      variable: finding.variable,
      provider: finding.provider,
      source: sourceOf(location),
    };
    return now
      ? { ...base, value: now.value, label: now.label, baseUrl: now.baseUrl }
      : { ...base, value: '', label: null, baseUrl: null, stale: true };
  });
}

const ENVIRONMENT: SourceInfo = {
  kind: 'environment',
  location: 'environment',
  tool: 'environment',
  replaceable: false,
  advice:
    'Remove the line that exports it (a shell rc file, a CI setting) and start tools with `aikey exec`.',
};

export function candidatesFromEnv(env: Readonly<Record<string, string | undefined>>): ImportCandidate[] {
  const found: ImportCandidate[] = [];
  const variables = new Map(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  for (const [variable, value] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value === undefined) continue;
    const provider = detectProvider({ variable, value, label: null, providerHint: null });
    if (provider !== null) {
      const baseUrl = baseUrlBeside(provider, variables);
      found.push({
        path: null,
        line: null,
        variable,
        value,
        label: null,
        provider,
        baseUrl,
        source: ENVIRONMENT,
      });
    }
  }
  return found;
}
