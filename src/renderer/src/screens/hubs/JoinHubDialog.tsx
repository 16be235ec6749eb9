// Join a team hub with the one-time invite code someone handed over. The code is held only in this
// form's state while the dialog is open and goes to main once; a refusal (bad, used or expired code,
// unreachable hub) is shown inline and the dialog stays open.
import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../services/services';
import { hubsStore, notify } from '../../stores/index';

export function JoinHubDialog({ onClose, onJoined }: { onClose: () => void; onJoined: () => void }) {
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') {
      setError('Paste the invite code you were given.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const name = deviceName.trim();
      const hub = await hubsStore.getState().join(code.trim(), name === '' ? undefined : name);
      notify({
        title: `Joined ${hub.name}`,
        description:
          hub.sync?.membership === 'pending'
            ? 'An admin’s wallet approves this device on its next sync; keys arrive after that.'
            : 'Its keys are on this computer and stay in sync.',
      });
      onJoined();
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog-title">Join a hub</Dialog.Title>
          <Dialog.Description className="dialog-description">
            Paste the invite code an admin of the hub gave you. It works once. Keys stay end-to-end encrypted:
            the hub server never sees them.
          </Dialog.Description>
          <form onSubmit={(e) => void submit(e)} noValidate className="dialog-form">
            <div className="field">
              <label htmlFor="join-code">Invite code</label>
              <textarea
                id="join-code"
                className="mono"
                rows={3}
                value={code}
                autoFocus
                autoComplete="off"
                spellCheck={false}
                placeholder="aikey-invite:…"
                aria-invalid={error !== null}
                onChange={(e) => setCode(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="join-device">Device name (optional)</label>
              <input
                id="join-device"
                value={deviceName}
                maxLength={64}
                placeholder="work laptop"
                onChange={(e) => setDeviceName(e.target.value)}
              />
              <p className="field-hint">Other members see this name beside your device.</p>
            </div>
            {error !== null && (
              <p role="alert" className="field-error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <span className="spacer" />
              <Dialog.Close className="btn">Cancel</Dialog.Close>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? 'Joining…' : 'Join hub'}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
