// "Install the aikey command": puts a launcher for the CLI the app ships in the user's own bin
// folder, as editors do for theirs, and says where it went and whether a shell will find it there.
// Main decides the path and never replaces a file it did not write; this only shows its answer.
import { useState } from 'react';
import { messageOf } from '../../services/services';
import { notify, settingsStore, useSettings } from '../../stores/index';

export function CliCommandSetting() {
  const cli = useSettings((s) => s.cli);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (cli === null) return null;

  const install = async () => {
    setBusy(true);
    setError(null);
    try {
      await settingsStore.getState().installCli();
      notify({ title: 'The aikey command is installed' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="setting-form" aria-labelledby="cli-title">
      <h2 id="cli-title">Command line</h2>
      <p className="field-hint">
        The <code>aikey</code> command gives your tools keys from this wallet (
        <code>aikey exec -- your-tool</code>
        ). It runs with the Node.js 22.12 or newer on your PATH.
      </p>
      {!cli.available ? (
        <p className="field-hint">
          This build of the app carries no aikey command; install it with npm instead.
        </p>
      ) : (
        <>
          {cli.installed ? (
            <p className="field-ok">
              Installed at <code>{cli.path}</code>
            </p>
          ) : (
            <p className="field-hint">
              It goes to <code>{cli.path}</code>.
            </p>
          )}
          {cli.installed && !cli.onPath && (
            <p className="field-hint">
              That folder is not on your PATH yet: add it in your shell&apos;s profile, then open a new
              terminal.
            </p>
          )}
          {cli.conflict !== null && (
            <p role="alert" className="field-error">
              {cli.conflict}
            </p>
          )}
          <div className="button-row">
            <button
              type="button"
              className="btn"
              disabled={busy || cli.conflict !== null}
              onClick={() => void install()}
            >
              {cli.installed ? 'Reinstall the aikey command' : 'Install the aikey command'}
            </button>
          </div>
        </>
      )}
      {error !== null && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
