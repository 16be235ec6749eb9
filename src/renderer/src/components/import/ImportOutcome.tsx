// What the last import did: how many keys were added and skipped (and why), each env file that now
// holds references with the backup that keeps its original, and the places that cannot hold a
// reference with what to do there by hand. Names and references only: never a value.
import type { ImportResult } from '#shared/schemas/import.js';
import { plural } from '../../format';

const REASON: Record<NonNullable<ImportResult['items'][number]['reason']>, string> = {
  'already-in-vault': 'already in the vault',
  duplicate: 'the same key appears earlier in this import',
  'changed-since-scan': 'the file changed since the scan; scan again',
  'needs-base-url': 'needs a base URL; add it by hand',
};

export function ImportOutcome({ result }: { result: ImportResult }) {
  const { summary, replace } = result;
  return (
    <section className="import-outcome" aria-labelledby="import-outcome-title">
      <h2 id="import-outcome-title">Import finished</h2>
      <p role="status">
        {plural(summary.added, 'key', 'keys')} added to {result.hub}, {summary.skipped} skipped
        {summary.failed > 0 ? `, ${summary.failed} failed` : ''}.
      </p>
      <ul className="import-items" aria-label="Imported keys">
        {result.items.map((item) => (
          <li key={item.findingId}>
            <span className="mono">{item.masked}</span> →{' '}
            {item.existing === null
              ? `${item.hub} / ${item.name}`
              : `${item.existing.hub} / ${item.existing.name}`}
            :{' '}
            {item.action === 'added'
              ? 'added'
              : item.action === 'failed'
                ? `failed (${item.error ?? 'unknown reason'})`
                : `skipped (${item.reason === null ? 'not selected' : REASON[item.reason]})`}
          </li>
        ))}
      </ul>
      {replace !== null && replace.rewritten.length > 0 && (
        <>
          <h3>Files that now hold references</h3>
          <ul className="import-items" aria-label="Files rewritten">
            {replace.rewritten.map((file) => (
              <li key={file.path}>
                <span className="mono import-path">{file.path}</span>:{' '}
                {plural(file.replaced, 'value', 'values')} replaced
                {file.missed > 0 ? `, ${file.missed} no longer there` : ''}.{' '}
                {file.backupPath === null ? (
                  'No backup was kept.'
                ) : (
                  <>
                    The original is kept in <span className="mono import-path">{file.backupPath}</span>.
                  </>
                )}
              </li>
            ))}
          </ul>
          <p className="muted">
            Run your tools with <code>aikey run --env-file .env -- &lt;command&gt;</code> so the references
            become keys only inside that process.
          </p>
        </>
      )}
      {replace !== null && replace.manual.length > 0 && (
        <>
          <h3>Do these by hand</h3>
          <ul className="import-items" aria-label="Steps to do by hand">
            {replace.manual.map((step) => (
              <li key={`${step.path ?? ''}:${step.line ?? 0}:${step.variable}`}>
                <span className="mono import-path">
                  {step.path ?? step.tool}
                  {step.line === null ? '' : `:${step.line}`}
                </span>{' '}
                ({step.variable}): {step.advice}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
