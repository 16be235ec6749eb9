// Derived views of the keys store: the filtered list and the flat row list (group headers and keys)
// the virtualized list renders. Pure functions; the Keys screen memoizes them on a deferred search
// value, so a keystroke paints the input at once and the list follows without blocking typing.
import { PROVIDERS, type ProviderId } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';

export type KeyListRow =
  | { kind: 'group'; id: string; hubName: string; provider: ProviderId; count: number }
  | {
      kind: 'key';
      id: string;
      key: KeySummary;
      /** 1-based among keys, for aria-posinset. */ position: number;
    };

// Lower-cased text a search matches against, computed once per summary object.
const haystacks = new WeakMap<KeySummary, string>();
function haystackOf(key: KeySummary): string {
  let text = haystacks.get(key);
  if (text === undefined) {
    text = [key.name, key.provider, PROVIDERS[key.provider].displayName, key.hubName, key.notes ?? '']
      .join('\n')
      .toLowerCase();
    haystacks.set(key, text);
  }
  return text;
}

export function filterKeys(keys: readonly KeySummary[], search: string, provider: ProviderId | 'all') {
  const needle = search.trim().toLowerCase();
  if (needle === '' && provider === 'all') return keys;
  return keys.filter(
    (k) =>
      (provider === 'all' || k.provider === provider) && (needle === '' || haystackOf(k).includes(needle)),
  );
}

/** Groups consecutive keys (already sorted by hub, provider, name) under one header each. */
export function groupRows(keys: readonly KeySummary[]): KeyListRow[] {
  const rows: KeyListRow[] = [];
  let header: Extract<KeyListRow, { kind: 'group' }> | null = null;
  let groups = 0;
  for (const key of keys) {
    if (header === null || header.provider !== key.provider || header.hubName !== key.hubName) {
      header = {
        kind: 'group',
        id: `${key.hubId}:${key.provider}`,
        hubName: key.hubName,
        provider: key.provider,
        count: 0,
      };
      rows.push(header);
      groups += 1;
    }
    header.count += 1;
    rows.push({ kind: 'key', id: key.id, key, position: rows.length - groups + 1 });
  }
  return rows;
}

/** Builds the search text of every key ahead of the first keystroke (run when the browser is idle). */
export function warmSearch(keys: readonly KeySummary[]): void {
  for (const key of keys) haystackOf(key);
}

export const isFiltered = (search: string, provider: ProviderId | 'all') =>
  search.trim() !== '' || provider !== 'all';
