// The Keys screen: search and provider filter over the loaded list, the virtualized grouped list,
// and the add/edit dialog. Loading, failure and both kinds of empty (no keys yet, nothing matches)
// each say what to do next. A long list paints from its first page; until the rest arrives the
// subtitle says so instead of a count that would be wrong. Keys changed elsewhere show up when main pushes keys:changed.
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { KeyDialog } from '../components/keys/KeyDialog';
import { KeyList } from '../components/keys/KeyList';
import { Empty, LoadFailed, Loading } from '../components/States';
import { plural } from '../format';
import { useKeysRefresh } from '../hooks/useKeysRefresh';
import { keysStore, useKeys } from '../stores/index';
import { filterKeys, groupRows, isFiltered, warmSearch } from '../stores/keys/selectors';

type DialogState = { open: false } | { open: true; editing: KeySummary | null };

export function KeysScreen({
  onShowDeleted,
  onShowImport,
}: {
  onShowDeleted: () => void;
  /** Opens the Import screen: where the keys already on this computer come in from. */
  onShowImport: () => void;
}) {
  const status = useKeys((s) => s.status);
  const complete = useKeys((s) => s.complete);
  const error = useKeys((s) => s.error);
  const allKeys = useKeys((s) => s.keys);
  const search = useKeys((s) => s.search);
  const provider = useKeys((s) => s.provider);
  const [dialog, setDialog] = useState<DialogState>({ open: false });
  const keys = keysStore.getState();
  // The input repaints with every keystroke; filtering 10k keys follows as interruptible work.
  const deferredSearch = useDeferredValue(search);
  const visible = useMemo(
    () => filterKeys(allKeys, deferredSearch, provider),
    [allKeys, deferredSearch, provider],
  );
  const rows = useMemo(() => groupRows(visible), [visible]);
  const total = allKeys.length;
  const filtered = isFiltered(search, provider);
  const subtitle =
    status !== 'ready'
      ? 'Your provider API keys, encrypted on this computer.'
      : !complete
        ? 'Loading all keys…'
        : filtered
          ? `${plural(visible.length, 'key', 'keys')} of ${total.toLocaleString()}`
          : plural(total, 'key', 'keys');
  const onEdit = useCallback((editing: KeySummary) => setDialog({ open: true, editing }), []);
  useKeysRefresh();

  // Idle also after a prefetch that found the vault still locked: load now that it is open.
  useEffect(() => {
    if (status === 'idle') void keysStore.getState().load();
  }, [status]);

  useEffect(() => {
    const idle = requestIdleCallback(() => warmSearch(allKeys));
    return () => cancelIdleCallback(idle);
  }, [allKeys]);

  const openAdd = () => setDialog({ open: true, editing: null });

  return (
    <section className="screen screen-fill" aria-labelledby="keys-title">
      <div className="screen-header">
        <div>
          <h1 id="keys-title" tabIndex={-1}>
            Keys
          </h1>
          <p className="screen-subtitle">{subtitle}</p>
        </div>
        <div className="button-row">
          <button type="button" className="btn" onClick={onShowDeleted}>
            Recently deleted
          </button>
          <button type="button" className="btn btn-primary" onClick={openAdd}>
            Add key
          </button>
        </div>
      </div>
      <div className="toolbar" role="search">
        <input
          type="search"
          className="search-input"
          aria-label="Search keys"
          placeholder="Search by name, provider, hub or notes"
          value={search}
          onChange={(e) => keys.setSearch(e.target.value)}
        />
        <select
          aria-label="Provider filter"
          value={provider}
          onChange={(e) => keys.setProvider(e.target.value as ProviderId | 'all')}
        >
          <option value="all">All providers</option>
          {PROVIDER_IDS.map((id) => (
            <option key={id} value={id}>
              {PROVIDERS[id].displayName}
            </option>
          ))}
        </select>
      </div>
      {status === 'loading' && total === 0 && <Loading what="your keys" />}
      {status === 'error' && <LoadFailed message={error ?? ''} onRetry={() => void keys.load()} />}
      {status === 'ready' && total === 0 && (
        <Empty title="No keys yet">
          <p>
            Add your first provider key. It is encrypted before it is stored, and tools get it through an
            access token.
          </p>
          <p>Keys already in .env files or other tools’ settings? Import finds them and moves them in.</p>
          <div className="button-row">
            <button type="button" className="btn btn-primary" onClick={openAdd}>
              Add your first key
            </button>
            <button type="button" className="btn" onClick={onShowImport}>
              Import keys from this computer
            </button>
          </div>
        </Empty>
      )}
      {status === 'ready' && !complete && visible.length === 0 && <Loading what="all your keys" />}
      {status === 'ready' && complete && total > 0 && visible.length === 0 && (
        <Empty title="No key matches">
          <p>Try another word, or show all providers.</p>
          <button
            type="button"
            className="btn"
            onClick={() => {
              keys.setSearch('');
              keys.setProvider('all');
            }}
          >
            Clear search and filter
          </button>
        </Empty>
      )}
      {visible.length > 0 && <KeyList rows={rows} keyCount={visible.length} onEdit={onEdit} />}
      {dialog.open && <KeyDialog editing={dialog.editing} onClose={() => setDialog({ open: false })} />}
    </section>
  );
}
