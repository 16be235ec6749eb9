// First run: choose the master password. Main scores it as the user types (debounced in the store)
// and is the judge of "strong enough"; this screen only checks that both fields match.
import { useState, type FormEvent } from 'react';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordInput } from '../components/PasswordInput';
import { StrengthMeter } from '../components/StrengthMeter';
import { useVault, vaultStore } from '../stores/index';

export function CreateVaultScreen() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);
  const strength = useVault((s) => s.strength);
  const busy = useVault((s) => s.busy);
  const error = useVault((s) => s.error);
  const mismatch = confirm !== '' && password !== confirm;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (password === '' || password !== confirm) return;
    void vaultStore.getState().create(password);
  };

  return (
    <AuthLayout>
      <h1>Create your vault</h1>
      <p className="lead">
        Your keys are encrypted with a master password. It never leaves this computer and cannot be reset
        without the recovery key you get next.
      </p>
      <form onSubmit={submit} noValidate>
        <PasswordInput
          label="Master password"
          toggleLabel="Show password"
          autoComplete="new-password"
          autoFocus
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            vaultStore.getState().checkStrength(e.target.value);
          }}
        />
        <StrengthMeter strength={password === '' ? null : strength} />
        <PasswordInput
          label="Confirm master password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-invalid={mismatch}
        />
        {(mismatch || (touched && password !== confirm)) && (
          <p role="alert" className="field-error">
            The two passwords are not the same.
          </p>
        )}
        {touched && password === '' && (
          <p role="alert" className="field-error">
            Choose a master password first.
          </p>
        )}
        {error !== null && (
          <p role="alert" className="field-error">
            {error.message}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating vault…' : 'Create vault'}
        </button>
      </form>
    </AuthLayout>
  );
}
