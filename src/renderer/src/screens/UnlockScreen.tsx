// Unlock with the master password (or the OS keychain when set up), with a plain wrong-password
// message and a live countdown while main refuses attempts. "Forgot it?" opens recovery with the
// recovery key, which sets a new password and shows a new recovery key.
import { useRef, useState, type FormEvent } from 'react';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordInput } from '../components/PasswordInput';
import { useCountdown } from '../hooks/useCountdown';
import { useVault, vaultStore } from '../stores/index';
import { RecoverForm } from './RecoverForm';

export function UnlockScreen() {
  const [password, setPassword] = useState('');
  const [recovering, setRecovering] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const busy = useVault((s) => s.busy);
  const error = useVault((s) => s.error);
  const keychainUnlock = useVault((s) => s.keychainUnlock);
  const waitSeconds = useCountdown(useVault((s) => s.retryAt));
  const vault = vaultStore.getState();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password === '' || waitSeconds > 0) return;
    // On success this screen goes away; on failure the user types the password again.
    void vault.unlock(password).then(() => {
      setPassword('');
      input.current?.focus();
    });
  };

  if (recovering)
    return (
      <AuthLayout>
        <RecoverForm
          onCancel={() => {
            vault.clearError();
            setRecovering(false);
          }}
        />
      </AuthLayout>
    );

  return (
    <AuthLayout>
      <h1>Unlock AIKey Wallet</h1>
      <p className="lead">Enter your master password to open your keys.</p>
      <form onSubmit={submit} noValidate>
        <PasswordInput
          label="Master password"
          toggleLabel="Show password"
          autoComplete="current-password"
          autoFocus
          ref={input}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error?.code === 'WrongPassword'}
        />
        {waitSeconds > 0 ? (
          <p role="alert" className="field-error">
            Too many wrong attempts. Try again in {waitSeconds} second{waitSeconds === 1 ? '' : 's'}.
          </p>
        ) : (
          error !== null && (
            <p role="alert" className="field-error">
              {error.message}
            </p>
          )
        )}
        {error?.code === 'VaultCorrupt' && (
          <button
            type="button"
            className="btn btn-block"
            disabled={busy || password === ''}
            onClick={() => void vault.restoreBackup(password).then(() => setPassword(''))}
          >
            Restore the newest backup
          </button>
        )}
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={busy || waitSeconds > 0 || password === ''}
        >
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {keychainUnlock && (
        <button
          type="button"
          className="btn btn-block"
          disabled={busy}
          onClick={() => void vault.unlockWithKeychain()}
        >
          Unlock with OS keychain
        </button>
      )}
      <button
        type="button"
        className="btn btn-link"
        onClick={() => {
          vault.clearError();
          setRecovering(true);
        }}
      >
        Forgot your master password?
      </button>
    </AuthLayout>
  );
}
