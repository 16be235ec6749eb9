// The audit log: who did what to which key, filtered by key, token, action and result, one page
// at a time. Entries name keys and tokens; they never hold a secret.
import { useEffect } from 'react';
import { isProviderId, PROVIDERS } from '#shared/providers.js';
import { AUDIT_ACTIONS, type AuditAction } from '#shared/audit-actions.js';
import { Empty, LoadFailed } from '../components/States';
import { formatDateTime } from '../format';
import { auditStore, keysStore, tokensStore, useAudit, useKeys, useTokens } from '../stores/index';
import { selectHasNextPage, selectHasPreviousPage, type AuditFilters } from '../stores/audit';

const ACTION_WORDS: Record<AuditAction, string> = {
  'key.create': 'Key added',
  'key.update': 'Key edited',
  'key.rotate': 'Key replaced',
  'key.delete': 'Key deleted',
  'key.restore': 'Key restored',
  'key.purge': 'Key erased',
  'key.reveal': 'Key revealed',
  'key.read': 'Key fetched',
  'token.create': 'Token created',
  'token.regenerate': 'Token regenerated',
  'token.update': 'Token edited',
  'token.revoke': 'Token revoked',
  'vault.change_password': 'Master password changed',
  'vault.recover': 'Vault recovered',
};
const RESULT_WORDS = { ok: 'OK', denied: 'Denied', error: 'Error' } as const;

const providerName = (id: string | null) =>
  id !== null && isProviderId(id) ? PROVIDERS[id].displayName : (id ?? '');

const orUndefined = <T extends string>(value: string): T | undefined =>
  value === '' ? undefined : (value as T);

function Filters() {
  const filters = useAudit((s) => s.filters);
  const keys = useKeys((s) => s.keys);
  const tokens = useTokens((s) => s.tokens);
  const set = (patch: Partial<AuditFilters>) => void auditStore.getState().setFilters(patch);
  return (
    <div className="toolbar filters">
      <div className="field">
        <label htmlFor="audit-key">Key</label>
        <select
          id="audit-key"
          value={filters.keyId ?? ''}
          onChange={(e) => set({ keyId: orUndefined(e.target.value) })}
        >
          <option value="">All keys</option>
          {keys.map((k) => (
            <option key={k.id} value={k.id}>
              {PROVIDERS[k.provider].displayName} / {k.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-token">Token</label>
        <select
          id="audit-token"
          value={filters.tokenName ?? ''}
          onChange={(e) => set({ tokenName: orUndefined(e.target.value) })}
        >
          <option value="">All tokens</option>
          {tokens.map((t) => (
            <option key={t.id} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select
          id="audit-action"
          value={filters.action ?? ''}
          onChange={(e) => set({ action: orUndefined<AuditAction>(e.target.value) })}
        >
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {ACTION_WORDS[a]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-result">Result</label>
        <select
          id="audit-result"
          value={filters.result ?? ''}
          onChange={(e) => set({ result: orUndefined<'ok' | 'denied' | 'error'>(e.target.value) })}
        >
          <option value="">All results</option>
          <option value="ok">OK</option>
          <option value="denied">Denied</option>
          <option value="error">Error</option>
        </select>
      </div>
    </div>
  );
}

export function AuditScreen() {
  const { entries, total, offset, status, error } = useAudit((s) => s);
  const hasNext = useAudit(selectHasNextPage);
  const hasPrevious = useAudit(selectHasPreviousPage);
  const filtered = useAudit((s) => Object.values(s.filters).some((v) => v !== undefined));
  const audit = auditStore.getState();

  useEffect(() => {
    void auditStore.getState().load();
    if (keysStore.getState().status === 'idle') void keysStore.getState().load();
    if (tokensStore.getState().status === 'idle') void tokensStore.getState().load();
  }, []);

  return (
    <section className="screen" aria-labelledby="audit-title">
      <div className="screen-header">
        <div>
          <h1 id="audit-title" tabIndex={-1}>
            Audit log
          </h1>
          <p className="screen-subtitle">
            Every time a key is added, changed, revealed or fetched by a tool.
          </p>
        </div>
      </div>
      <Filters />
      {status === 'error' && <LoadFailed message={error ?? ''} onRetry={() => void audit.load()} />}
      {status === 'ready' && entries.length === 0 && (
        <Empty title={filtered ? 'No entry matches these filters' : 'Nothing recorded yet'}>
          <p>
            {filtered
              ? 'Choose “All” in a filter to widen the search.'
              : 'Entries appear as you and your tools use keys.'}
          </p>
        </Empty>
      )}
      {entries.length > 0 && (
        <div className="table-wrap" aria-busy={status === 'loading'}>
          <table className="table">
            <caption className="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Key</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at)}</td>
                  <td>
                    {entry.actorType === 'app' ? 'You (app)' : `${entry.actorName} (${entry.actorType})`}
                  </td>
                  <td>
                    {ACTION_WORDS[entry.action as AuditAction] ?? entry.action}
                    {entry.detail !== null && <span className="muted"> · {entry.detail}</span>}
                  </td>
                  <td>
                    {entry.keyName === null ? '—' : `${providerName(entry.provider)} / ${entry.keyName}`}
                  </td>
                  <td>
                    <span className={`badge badge-result-${entry.result}`}>{RESULT_WORDS[entry.result]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button
          type="button"
          className="btn btn-small"
          disabled={!hasPrevious}
          onClick={() => void audit.previousPage()}
        >
          Previous page
        </button>
        <span className="muted" aria-live="polite">
          {total === 0
            ? 'No entries'
            : `${offset + 1}–${Math.min(offset + entries.length, total)} of ${total.toLocaleString()}`}
        </span>
        <button
          type="button"
          className="btn btn-small"
          disabled={!hasNext}
          onClick={() => void audit.nextPage()}
        >
          Next page
        </button>
      </div>
    </section>
  );
}
