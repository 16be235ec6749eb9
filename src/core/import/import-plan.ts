// `aikey import`: decide, then act. planImport turns found keys into a plan (a name, a provider and
// a hub for each; skips for values the vault already holds and for repeats within the import)
// without writing anything, which is all `--dry-run` shows. applyImport adds the planned keys
// through the KeyStore, so each is format-checked, sealed and audited like any other key. Values
// stay in the PlannedImport's private list; the plan itself, which callers print, holds none.
import type { Actor } from '../audit/audit-log.js';
import type { KeyStore } from '../keys/key-store.js';
import type { Candidate, SourceInfo } from '../scan/types.js';
import { keyNameFor } from '../scan/detect.js';
import { isAikeyError } from '#shared/errors.js';
import { formatKeyReference } from '#shared/key-reference-format.js';
import { maskSecret, PROVIDERS, type ProviderId } from '#shared/providers.js';

/** A key to import: a Candidate from a file, or one from the environment (no path, no line). */
export interface ImportCandidate extends Omit<Candidate, 'path' | 'line' | 'location'> {
  path: string | null;
  line: number | null;
  source: SourceInfo;
  /** For `--from-scan`: the value is no longer where the scan saw it. */
  stale?: boolean;
  /** An export archive names the key, its hub and the rest of its content itself. */
  name?: string;
  hub?: { id: string; name: string };
  content?: { notes: string | null; baseUrl: string | null; expiresAt: number | null };
}

export type SkipReason = 'already-in-vault' | 'duplicate' | 'changed-since-scan' | 'needs-base-url';

export interface ImportItem {
  index: number;
  source: SourceInfo & { path: string | null; line: number | null; variable: string };
  provider: ProviderId;
  name: string;
  hub: string;
  masked: string;
  action: 'add' | 'skip' | 'added' | 'skipped' | 'failed';
  reason: SkipReason | null;
  /** The key already holding this value, for a skip. */
  existing: { hub: string; provider: ProviderId; name: string } | null;
  /** The key's own base URL: set beside it in the same file or environment, or from an archive. */
  baseUrl: string | null;
  /** The reference that stands for the key once it is in the vault; null when it will not be. */
  reference: string | null;
  /** Why an add failed (never the value). */
  error: string | null;
}

export interface PlannedImport {
  hub: { id: string; name: string };
  items: ImportItem[];
  /** The values, index-aligned with items; never printed. */
  readonly secrets: readonly string[];
  /** Where each item goes and what else it carries (from an archive), index-aligned with items. */
  readonly targets: readonly {
    hubId: string;
    content: { notes: string | null; baseUrl: string | null; expiresAt: number | null } | null;
  }[];
}

export function planImport(
  keys: KeyStore,
  hub: { id: string; name: string },
  candidates: readonly ImportCandidate[],
): PlannedImport {
  const takenByProvider = new Map<string, Set<string>>();
  const taken = (hubId: string, provider: ProviderId): Set<string> => {
    let names = takenByProvider.get(`${hubId}/${provider}`);
    if (!names) {
      names = new Set(keys.list({ hubId, provider }).map((k) => k.name.toLowerCase()));
      takenByProvider.set(`${hubId}/${provider}`, names);
    }
    return names;
  };
  const firstOfValue = new Map<string, ImportItem>();
  const items = candidates.map((c, i): ImportItem => {
    const target = c.hub ?? hub;
    const item: ImportItem = {
      index: i + 1,
      source: { ...c.source, path: c.path, line: c.line, variable: c.variable },
      provider: c.provider,
      name: c.name ?? keyNameFor(c, c.provider),
      hub: target.name,
      masked: maskSecret(c.provider, c.value),
      baseUrl: c.content?.baseUrl ?? c.baseUrl,
      action: 'skip',
      reason: null,
      existing: null,
      reference: null,
      error: null,
    };
    const earlier = firstOfValue.get(c.value);
    const stored = c.stale ? [] : keys.keysWithValue(c.value);
    const existing = stored.find((k) => k.hubId === target.id) ?? stored[0];
    if (c.stale) item.reason = 'changed-since-scan';
    else if (existing) {
      item.reason = 'already-in-vault';
      item.existing = { hub: existing.hubName, provider: existing.provider, name: existing.name };
      item.name = existing.name;
      item.reference = formatKeyReference(existing);
    } else if (earlier) {
      item.reason = 'duplicate';
      item.name = earlier.name;
      item.reference = earlier.reference;
    } else if (PROVIDERS[c.provider].needsBaseUrl && item.baseUrl === null) item.reason = 'needs-base-url';
    else {
      item.action = 'add';
      item.name = freeName(item.name, taken(target.id, c.provider));
      item.reference = formatKeyReference({ hubName: target.name, provider: c.provider, name: item.name });
    }
    if (!earlier && !c.stale) firstOfValue.set(c.value, item);
    return item;
  });
  return {
    hub,
    items,
    secrets: candidates.map((c) => c.value),
    targets: candidates.map((c) => ({
      hubId: (c.hub ?? hub).id,
      content:
        c.content ?? (c.baseUrl === null ? null : { notes: null, baseUrl: c.baseUrl, expiresAt: null }),
    })),
  };
}

/** `name`, or `name-2`, `name-3`… : the first the hub does not hold yet; taken from then on. */
function freeName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) {
    candidate = `${name.slice(0, 60)}-${n}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Adds every planned key; one that fails is reported and the rest go on. */
export function applyImport(keys: KeyStore, planned: PlannedImport, actor: Actor): ImportItem[] {
  return planned.items.map((item, i) => {
    if (item.action !== 'add') return { ...item, action: 'skipped' };
    try {
      const target = planned.targets[i];
      const content = target?.content;
      keys.create(
        {
          hubId: target?.hubId ?? planned.hub.id,
          provider: item.provider,
          name: item.name,
          secret: planned.secrets[i] ?? '',
          ...(content?.notes ? { notes: content.notes } : {}),
          ...(content?.baseUrl ? { baseUrl: content.baseUrl } : {}),
          ...(content?.expiresAt !== null && content?.expiresAt !== undefined
            ? { expiresAt: content.expiresAt }
            : {}),
        },
        actor,
      );
      return { ...item, action: 'added' };
    } catch (error) {
      if (!isAikeyError(error)) throw error;
      return { ...item, action: 'failed', reference: null, error: error.message };
    }
  });
}
