// Recovery when the master password is lost: the recovery key plus a new password. On success the
// store moves to the recovery-key screen, because the old recovery key stops working.
import { useState, type FormEvent } from 'react';
import { PasswordInput } from '../components/PasswordInput';
import { useVault, vaultStore } from '../stores/index';

export function RecoverForm({ onCancel }: { onCancel: () => void }) {
  const [recoveryKey, setRecoveryKey] = useState('');
  const [password, setPassword] = useState('');
  const busy = useVault((s) => s.busy);
  const error = useVault((s) => s.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (recoveryKey.trim() === '' || password === '') return;
    void vaultStore.getState().recover(recoveryKey.trim(), password);
  };

  return (
    <>
      <h1>Recover your vault</h1>
      <p className="lead">
        Enter the recovery key you saved when you created the vault, and choose a new master password. You
        will get a new recovery key; the old one stops working.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="recovery-key-input">Recovery key</label>
          <input
            id="recovery-key-input"
            className="mono"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={recoveryKey}
            onChange={(e) => setRecoveryKey(e.target.value)}
          />
        </div>
        <PasswordInput
          label="New master password"
          toggleLabel="Show password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error !== null && (
          <p role="alert" className="field-error">
            {error.message}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Recovering…' : 'Recover vault'}
        </button>
      </form>
      <button type="button" className="btn btn-link" onClick={onCancel}>
        Back to unlock
      </button>
    </>
  );
}
