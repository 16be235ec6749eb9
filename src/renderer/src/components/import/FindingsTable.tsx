// The keys a scan found, one row each: a checkbox, the masked key, its provider, where it was found
// and whether the vault already holds it. Only masked values ever reach this table. A scan finds
// dozens of keys, not thousands, so a plain table is enough (main caps it at 10,000).
import { PROVIDERS } from '#shared/providers.js';
import type { ImportFinding } from '#shared/schemas/import.js';
import { importStore, useImport } from '../../stores/index';

const KIND_LABEL: Record<ImportFinding['source']['kind'], string> = {
  'env-file': 'Env file',
  'shell-rc': 'Shell startup file',
  'shell-history': 'Shell history',
  'tool-config': 'Tool settings',
  environment: 'Environment',
  archive: 'Export archive',
};

function inVaultText(value: boolean | null): string {
  if (value === null) return 'Unknown';
  return value ? 'Yes' : 'No';
}

export function FindingsTable({ findings }: { findings: readonly ImportFinding[] }) {
  const selected = useImport((s) => s.selected);
  const busy = useImport((s) => s.phase !== 'ready');
  const store = importStore.getState();
  const all = findings.length > 0 && selected.length === findings.length;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Keys found">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all keys"
                checked={all}
                disabled={busy}
                onChange={(e) => store.selectAll(e.target.checked)}
              />
            </th>
            <th scope="col">Key</th>
            <th scope="col">Provider</th>
            <th scope="col">Found in</th>
            <th scope="col">In the vault</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${f.variable} in ${f.path}`}
                  checked={selected.includes(f.id)}
                  disabled={busy}
                  onChange={() => store.toggle(f.id)}
                />
              </td>
              <td>
                <span className="mono">{f.masked}</span>
                <br />
                <span className="muted">{f.label ?? f.variable}</span>
              </td>
              <td>{PROVIDERS[f.provider].displayName}</td>
              <td>
                <span className="mono import-path">
                  {f.path}:{f.line}
                </span>
                <br />
                <span className="muted">
                  {KIND_LABEL[f.source.kind]}
                  {f.source.kind === 'tool-config' ? ` (${f.source.tool})` : ''}
                  {f.source.replaceable ? ' · can hold a reference' : ''}
                </span>
              </td>
              <td>
                {f.alreadyInVault === true ? (
                  <span className="badge badge-result-ok">Yes</span>
                ) : (
                  inVaultText(f.alreadyInVault)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
