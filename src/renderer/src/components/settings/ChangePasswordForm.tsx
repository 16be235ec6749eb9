// Change the master password. Main re-wraps the vault key (no data is re-encrypted) and judges the
// new password's strength; the meter gives the same verdict while typing.
import { useState, type FormEvent } from 'react';
import { useVault, vaultStore } from '../../stores/index';
import { PasswordInput } from '../PasswordInput';
import { StrengthMeter } from '../StrengthMeter';

export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const busy = useVault((s) => s.busy);
  const error = useVault((s) => (submitted ? s.error : null));
  const strength = useVault((s) => s.strength);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (current === '' || next === '') return;
    setSubmitted(true);
    setDone(false);
    if (await vaultStore.getState().changePassword(current, next)) {
      setCurrent('');
      setNext('');
      setDone(true);
      vaultStore.getState().checkStrength('');
    }
  };

  return (
    <form
      className="setting-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="change-password-title"
    >
      <h2 id="change-password-title">Change master password</h2>
      <p className="field-hint">Your recovery key keeps working. Tokens are not affected.</p>
      <PasswordInput
        label="Current master password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <PasswordInput
        label="New master password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => {
          setNext(e.target.value);
          vaultStore.getState().checkStrength(e.target.value);
        }}
      />
      <StrengthMeter strength={next === '' ? null : strength} />
      {error !== null && (
        <p role="alert" className="field-error">
          {error.message}
        </p>
      )}
      <p role="status" className="field-ok">
        {done ? 'Master password changed. Use the new one next time you unlock.' : ''}
      </p>
      <button type="submit" className="btn btn-primary" disabled={busy || current === '' || next === ''}>
        Change password
      </button>
    </form>
  );
}
