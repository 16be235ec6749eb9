// Recently deleted keys: restore puts one back at once; purge erases it for good, so it sits behind
// a confirmation.
import { useEffect, useState } from 'react';
import { PROVIDERS } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Empty, LoadFailed, Loading } from '../components/States';
import { timeAgo } from '../format';
import { messageOf } from '../services/services';
import { keysStore, notify, useKeys } from '../stores/index';

export function DeletedKeysScreen({ onBack }: { onBack: () => void }) {
  const deleted = useKeys((s) => s.deleted);
  const status = useKeys((s) => s.deletedStatus);
  const error = useKeys((s) => s.deletedError);
  const [purging, setPurging] = useState<KeySummary | null>(null);
  const keys = keysStore.getState();

  useEffect(() => {
    void keysStore.getState().loadDeleted();
  }, []);

  const restore = (key: KeySummary) =>
    keys.restore(key.id).then(
      () => notify({ title: 'Key restored', description: `${key.name} is back in Keys.` }),
      (failure: unknown) =>
        notify({ title: 'Could not restore the key', description: messageOf(failure), tone: 'error' }),
    );

  const now = Date.now();
  return (
    <section className="screen" aria-labelledby="deleted-title">
      <div className="screen-header">
        <div>
          <h1 id="deleted-title" tabIndex={-1}>
            Recently deleted
          </h1>
          <p className="screen-subtitle">Deleted keys stay here until you erase them.</p>
        </div>
        <button type="button" className="btn" onClick={onBack}>
          Back to keys
        </button>
      </div>
      {status === 'loading' && deleted.length === 0 && <Loading what="deleted keys" />}
      {status === 'error' && <LoadFailed message={error ?? ''} onRetry={() => void keys.loadDeleted()} />}
      {status === 'ready' && deleted.length === 0 && (
        <Empty title="Nothing here">
          <p>Keys you delete appear here, so you can bring them back.</p>
        </Empty>
      )}
      {deleted.length > 0 && (
        <ul className="card-list" aria-label="Deleted keys">
          {deleted.map((key) => (
            <li
              key={key.id}
              className="card-row"
              aria-label={`${PROVIDERS[key.provider].displayName} ${key.name}`}
            >
              <div className="key-main">
                <p className="key-name">
                  {key.name} <span className="muted">· {PROVIDERS[key.provider].displayName}</span>
                </p>
                <p className="muted">
                  <span className="mono">{key.masked}</span>
                  {key.deletedAt !== null && ` · deleted ${timeAgo(key.deletedAt, now)}`}
                </p>
              </div>
              <div className="key-actions">
                <button type="button" className="btn btn-small" onClick={() => void restore(key)}>
                  Restore
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-danger-quiet"
                  onClick={() => setPurging(key)}
                >
                  Erase
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={purging !== null}
        onOpenChange={(open) => !open && setPurging(null)}
        title="Erase this key for good?"
        confirmLabel="Erase key"
        errorOf={messageOf}
        onConfirm={async () => {
          if (purging !== null) await keys.purge(purging.id);
        }}
      >
        <p>
          {purging?.name} cannot be restored after this. Tools still using it will stop getting it. Your audit
          log keeps its history.
        </p>
      </ConfirmDialog>
    </section>
  );
}
