// Import: find the keys already sitting in plaintext on this computer (or in one file main's dialog
// picks), tick the ones to move into a hub, import them, and, for env files, replace each value with
// an aikey:// reference (the original kept in a backup beside the file). A long scan shows its
// progress and can be cancelled. The window sees masked values only; main does all file work.
import { useEffect, useState, type DragEvent } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FindingsTable } from '../components/import/FindingsTable';
import { ImportOutcome } from '../components/import/ImportOutcome';
import { Empty } from '../components/States';
import { plural } from '../format';
import { useKeysRefresh } from '../hooks/useKeysRefresh';
import { messageOf } from '../services/services';
import { importStore, keysStore, services, useImport, useKeys } from '../stores/index';

function ScanProgress() {
  const progress = useImport((s) => s.progress);
  return (
    <div className="import-progress" role="status">
      {progress === null || progress.of === 0 ? (
        <p>Looking for files with keys…</p>
      ) : (
        <>
          <progress max={progress.of} value={progress.read} aria-label="Scan progress" />
          <p>
            Read {progress.read.toLocaleString()} of {plural(progress.of, 'file', 'files')} ·{' '}
            {plural(progress.found, 'key', 'keys')} found
          </p>
        </>
      )}
      <button type="button" className="btn" onClick={() => void importStore.getState().cancel()}>
        Cancel scan
      </button>
    </div>
  );
}

export function ImportScreen() {
  const phase = useImport((s) => s.phase);
  const findings = useImport((s) => s.findings);
  const file = useImport((s) => s.file);
  const selected = useImport((s) => s.selected);
  const hubId = useImport((s) => s.hubId);
  const result = useImport((s) => s.result);
  const notice = useImport((s) => s.notice);
  const hubs = useKeys((s) => s.hubs);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const store = importStore.getState();
  // The keys list (loaded here for the hub choice) follows the keys an import adds.
  useKeysRefresh();
  const importSelected = async (replace: boolean) => {
    await store.importSelected(replace);
    await keysStore.getState().refresh();
  };

  useEffect(() => {
    if (keysStore.getState().status === 'idle') void keysStore.getState().load();
    return services.on.importProgress((progress) => importStore.getState().progressed(progress));
  }, []);

  const chosen = findings.filter((f) => selected.includes(f.id));
  const replaceable = chosen.filter((f) => f.source.replaceable);
  const replaceFiles = new Set(replaceable.map((f) => f.path)).size;
  const scanning = phase === 'scanning';
  const busy = scanning || phase === 'importing';

  const [dragging, setDragging] = useState(false);
  const drop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file !== undefined && !busy) void store.scanDropped(file);
  };

  return (
    <section
      className={dragging ? 'screen drop-target dragging' : 'screen drop-target'}
      aria-labelledby="import-title"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <div className="screen-header">
        <div>
          <h1 id="import-title" tabIndex={-1}>
            Import keys
          </h1>
          <p className="screen-subtitle">
            Find the keys in .env files, shell files and other tools’ settings, and move them into the vault.
            Or drop a file here.
          </p>
        </div>
        <div className="button-row">
          <button type="button" className="btn" disabled={busy} onClick={() => void store.scan('file')}>
            Choose a file…
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => void store.scan('computer')}
          >
            Scan this computer
          </button>
        </div>
      </div>
      {scanning && <ScanProgress />}
      {notice !== null && (
        <p
          className={notice.kind === 'error' ? 'field-error' : 'muted'}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          {notice.text}
        </p>
      )}
      {phase === 'idle' && notice === null && (
        <Empty title="Nothing scanned yet">
          <p>
            The scan only reads. It looks in your home folder for .env files, shell startup files and history,
            and the settings of tools such as llm, aider, Claude Code and Codex. Keys are shown masked.
          </p>
        </Empty>
      )}
      {(phase === 'ready' || phase === 'importing') && findings.length === 0 && (
        <Empty title="No keys found">
          <p>
            {file === null
              ? 'Nothing that looks like a provider key is in the usual places.'
              : `No keys in ${file}.`}
          </p>
        </Empty>
      )}
      {(phase === 'ready' || phase === 'importing') && findings.length > 0 && (
        <>
          <p className="muted">
            {plural(findings.length, 'key', 'keys')} found{file === null ? '' : ` in ${file}`},{' '}
            {selected.length.toLocaleString()} selected.
          </p>
          <FindingsTable findings={findings} />
          <div className="toolbar import-actions">
            <label className="field">
              <span>Import into hub</span>
              <select
                value={hubId ?? hubs[0]?.id ?? ''}
                disabled={busy}
                onChange={(e) => store.chooseHub(e.target.value)}
              >
                {hubs.map((hub) => (
                  <option key={hub.id} value={hub.id}>
                    {hub.name}
                  </option>
                ))}
              </select>
            </label>
            <div className="button-row">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy || chosen.length === 0}
                onClick={() => void importSelected(false)}
              >
                {phase === 'importing' ? 'Importing…' : 'Import selected'}
              </button>
              <button
                type="button"
                className="btn"
                disabled={busy || replaceable.length === 0}
                onClick={() => setConfirmReplace(true)}
              >
                Replace with references
              </button>
            </div>
          </div>
        </>
      )}
      {result !== null && <ImportOutcome result={result} />}
      <ConfirmDialog
        open={confirmReplace}
        onOpenChange={setConfirmReplace}
        title={`Replace ${plural(replaceable.length, 'value', 'values')} with references?`}
        confirmLabel="Import and replace"
        errorOf={messageOf}
        onConfirm={() => importSelected(true)}
      >
        <p>
          The selected keys are imported first. Then, in {plural(replaceFiles, 'env file', 'env files')}, each
          key becomes an <code>aikey://</code> reference, and the original file is kept in a backup beside it
          (readable by you only). Other places cannot hold a reference: you are told what to do there.
        </p>
      </ConfirmDialog>
    </section>
  );
}
