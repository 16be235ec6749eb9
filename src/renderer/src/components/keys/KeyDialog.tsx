// Add or edit a key. The format check runs as the user types (checkKeyFormat, the same rule main
// enforces), Test asks main to try the key against the provider, and Save sends only what changed
// on edit. An empty Key field on edit keeps the stored key: the secret is never pre-filled.
import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import { checkKeyFormat, PROVIDER_IDS, PROVIDERS, type ProviderId } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { fromDateInput, toDateInput } from '../../format';
import { messageOf } from '../../services/services';
import { keysStore, notify, useKeys } from '../../stores/index';
import { PasswordInput } from '../PasswordInput';
import { ValidationStatus, type TestState } from './ValidationStatus';

interface KeyDialogProps {
  /** The key to edit, or null to add one. */
  editing: KeySummary | null;
  onClose: () => void;
}

function baseUrlProblem(provider: ProviderId, url: string): string | null {
  if (url === '') {
    if (!PROVIDERS[provider].needsBaseUrl) return null;
    return provider === 'custom'
      ? 'A custom endpoint needs its base URL.'
      : `A ${PROVIDERS[provider].displayName} key needs its resource endpoint, such as https://NAME.openai.azure.com.`;
  }
  if (!/^https?:\/\/\S+$/i.test(url) || !URL.canParse(url))
    return 'The base URL must be a full URL such as https://api.example.com/v1.';
  return null;
}

export function KeyDialog({ editing, onClose }: KeyDialogProps) {
  const hubs = useKeys((s) => s.hubs);
  const [hubId, setHubId] = useState(editing?.hubId ?? hubs[0]?.id ?? '');
  const [provider, setProvider] = useState<ProviderId>(editing?.provider ?? 'openai');
  const [name, setName] = useState(editing?.name ?? '');
  const [secret, setSecret] = useState('');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? '');
  const [expires, setExpires] = useState(toDateInput(editing?.expiresAt ?? null));
  const [notes, setNotes] = useState(editing?.notes ?? '');
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [saveError, setSaveError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  // The button that opened the dialog, read while rendering (before a field inside takes focus), so
  // closing returns keyboard focus there instead of dropping it on the page (WCAG 2.4.3).
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  const [busy, setBusy] = useState(false);

  const trimmedSecret = secret.trim();
  const formatProblem = trimmedSecret === '' ? null : checkKeyFormat(provider, trimmedSecret);
  const urlProblem = baseUrlProblem(provider, baseUrl.trim());
  const missingSecret = editing === null && trimmedSecret === '';
  const info = PROVIDERS[provider];

  const runTest = async () => {
    if (trimmedSecret === '' && editing === null) {
      setTest({ kind: 'failed', message: 'Paste the key first, then test it.' });
      return;
    }
    setTest({ kind: 'testing' });
    try {
      const url = baseUrl.trim();
      const result = await keysStore
        .getState()
        .validate(
          trimmedSecret === '' && editing !== null
            ? { id: editing.id }
            : { provider, secret: trimmedSecret, ...(url === '' || urlProblem ? {} : { baseUrl: url }) },
        );
      setTest({ kind: 'done', result });
    } catch (error) {
      setTest({ kind: 'failed', message: messageOf(error) });
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaveError(null);
    if (formatProblem !== null || urlProblem !== null || missingSecret) return;
    const expiresAt = fromDateInput(expires);
    const url = baseUrl.trim();
    setBusy(true);
    try {
      if (editing === null) {
        await keysStore.getState().create({
          provider,
          secret: trimmedSecret,
          ...(hubId === '' ? {} : { hubId }),
          ...(name.trim() === '' ? {} : { name: name.trim() }),
          ...(url === '' ? {} : { baseUrl: url }),
          ...(expiresAt === null ? {} : { expiresAt }),
          ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
        });
      } else {
        await keysStore.getState().update({
          id: editing.id,
          ...(name.trim() !== '' && name.trim() !== editing.name ? { name: name.trim() } : {}),
          ...(trimmedSecret === '' ? {} : { secret: trimmedSecret }),
          // Unchanged fields are left out, so an untouched date keeps its exact instant.
          ...((editing.baseUrl ?? '') === url ? {} : { baseUrl: url === '' ? null : url }),
          ...(toDateInput(editing.expiresAt) === expires ? {} : { expiresAt }),
          ...((editing.notes ?? '') === notes.trim()
            ? {}
            : { notes: notes.trim() === '' ? null : notes.trim() }),
        });
      }
      notify({ title: editing === null ? 'Key added' : 'Key saved' });
      onClose();
    } catch (error) {
      setSaveError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const title = editing === null ? 'Add key' : 'Edit key';
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog"
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            if (opener?.isConnected !== true) return;
            event.preventDefault();
            opener.focus();
          }}
        >
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <form onSubmit={(e) => void save(e)} noValidate className="dialog-form">
            {hubs.length > 1 && editing === null && (
              <div className="field">
                <label htmlFor="key-hub">Hub</label>
                <select id="key-hub" value={hubId} onChange={(e) => setHubId(e.target.value)}>
                  {hubs.map((hub) => (
                    <option key={hub.id} value={hub.id}>
                      {hub.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field-row">
              <div className="field">
                <label htmlFor="key-provider">Provider</label>
                <select
                  id="key-provider"
                  value={provider}
                  disabled={editing !== null}
                  onChange={(e) => {
                    setProvider(e.target.value as ProviderId);
                    setTest({ kind: 'idle' });
                  }}
                >
                  {PROVIDER_IDS.map((id) => (
                    <option key={id} value={id}>
                      {PROVIDERS[id].displayName}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="key-name">Name</label>
                <input
                  id="key-name"
                  value={name}
                  placeholder="default"
                  maxLength={64}
                  onChange={(e) => setName(e.target.value)}
                />
              </div>
            </div>
            <PasswordInput
              label="Key"
              toggleLabel="Show key"
              autoComplete="off"
              className="mono"
              value={secret}
              placeholder={
                editing === null ? (info.prefixes.at(-1) ?? '') : 'Leave empty to keep the current key'
              }
              aria-invalid={formatProblem !== null || (submitted && missingSecret)}
              onChange={(e) => {
                setSecret(e.target.value);
                setTest({ kind: 'idle' });
              }}
            />
            {formatProblem !== null && (
              <p role="alert" className="field-error">
                {formatProblem}
              </p>
            )}
            {submitted && missingSecret && (
              <p role="alert" className="field-error">
                Paste the key you got from {info.displayName}.
              </p>
            )}
            <div className="field">
              <label htmlFor="key-base-url">Base URL{info.needsBaseUrl ? '' : ' (optional)'}</label>
              <input
                id="key-base-url"
                type="url"
                value={baseUrl}
                placeholder={info.defaultBaseUrl || 'https://llm.example.com/v1'}
                aria-invalid={submitted && urlProblem !== null}
                onChange={(e) => setBaseUrl(e.target.value)}
              />
              {submitted && urlProblem !== null && (
                <p role="alert" className="field-error">
                  {urlProblem}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor="key-expires">Expires</label>
              <input
                id="key-expires"
                type="date"
                value={expires}
                onChange={(e) => setExpires(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="key-notes">Notes</label>
              <textarea
                id="key-notes"
                rows={2}
                maxLength={2000}
                value={notes}
                onChange={(e) => setNotes(e.target.value)}
              />
            </div>
            <ValidationStatus state={test} />
            {saveError !== null && (
              <p role="alert" className="field-error">
                {saveError}
              </p>
            )}
            <div className="dialog-actions">
              <button
                type="button"
                className="btn"
                disabled={test.kind === 'testing'}
                onClick={() => void runTest()}
              >
                Test
              </button>
              <span className="spacer" />
              <Dialog.Close className="btn">Cancel</Dialog.Close>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                Save
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
