// The keys, grouped under hub/provider headers, virtualized with @tanstack/react-virtual: only the
// rows in view (plus a few) are in the page, so 10k keys scroll and filter smoothly. Rows have fixed
// heights, which keeps scrolling free of layout measurement. The header of the group in view stays
// pinned at the top, so a long scroll never loses which hub and provider the rows belong to.
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef } from 'react';
import { PROVIDERS } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { plural } from '../../format';
import type { KeyListRow } from '../../stores/keys/selectors';
import { KeyRow } from './KeyRow';

const GROUP_HEIGHT = 40;
const KEY_HEIGHT = 68;

/** The last group header at or above `index` (binary search over sorted header indexes). */
function groupAbove(headers: readonly number[], index: number): number | undefined {
  let low = 0;
  let high = headers.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const header = headers[mid] ?? 0;
    if (header <= index) {
      found = header;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

interface KeyListProps {
  rows: readonly KeyListRow[];
  keyCount: number;
  onEdit: (key: KeySummary) => void;
}

export function KeyList({ rows, keyCount, onEdit }: KeyListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headers = useMemo(() => rows.flatMap((row, i) => (row.kind === 'group' ? [i] : [])), [rows]);
  const pinned = useRef<number | undefined>(undefined);
  const rangeExtractor = useCallback(
    (range: Range) => {
      pinned.current = groupAbove(headers, range.startIndex);
      const indexes = defaultRangeExtractor(range);
      if (pinned.current === undefined || indexes.includes(pinned.current)) return indexes;
      return [pinned.current, ...indexes];
    },
    [headers],
  );
  const virtualizer = useVirtualizer({
    rangeExtractor,
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'group' ? GROUP_HEIGHT : KEY_HEIGHT),
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 8,
  });
  return (
    <div ref={scrollRef} className="key-scroll" tabIndex={-1}>
      <div role="list" aria-label="Keys" className="key-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return (
            // The positioning wrapper is not part of the list's structure: its child is the item.
            <div
              key={item.key}
              role="none"
              className={`virtual-row${item.index === pinned.current ? ' is-pinned' : ''}`}
              style={
                item.index === pinned.current
                  ? { height: item.size }
                  : { height: item.size, transform: `translateY(${item.start}px)` }
              }
            >
              {row.kind === 'group' ? (
                // A group header is an item of the list too, so the list holds only items.
                <div className="group-row" role="listitem">
                  <span role="heading" aria-level={2}>
                    <span className="group-hub">{row.hubName} · </span>
                    {PROVIDERS[row.provider].displayName}
                  </span>
                  <span className="group-count">{plural(row.count, 'key', 'keys')}</span>
                </div>
              ) : (
                <KeyRow keySummary={row.key} onEdit={onEdit} position={row.position} total={keyCount} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
