// Derived views of the keys store: the filtered list and the flat row list (group headers and keys)
// the virtualized list renders. Both are memoized on their inputs, so typing in the search box
// filters 10k keys once per keystroke and re-renders never recompute.
import { PROVIDERS, type ProviderId } from '../../../../shared/providers';
import type { KeySummary } from '../../../../shared/schemas/keys';
import type { KeysState } from './types';

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

function memoize<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null;
  let lastResult: R;
  return (...args) => {
    if (lastArgs === null || args.some((arg, i) => arg !== lastArgs?.[i])) {
      lastResult = compute(...args);
      lastArgs = args;
    }
    return lastResult;
  };
}

const visible = memoize(filterKeys);
const rows = memoize((keys: readonly KeySummary[]) => groupRows(keys));

export const selectVisibleKeys = (s: KeysState) => visible(s.keys, s.search, s.provider);
export const selectKeyRows = (s: KeysState) => rows(selectVisibleKeys(s));
export const selectIsFiltered = (s: KeysState) => s.search.trim() !== '' || s.provider !== 'all';
export const selectRevealed = (id: string) => (s: KeysState) => s.revealed[id];
