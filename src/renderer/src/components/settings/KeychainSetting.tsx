// "Unlock with OS keychain": the OS keychain wraps the vault key so the app can open without the
// password. Refused, with main's reason shown, where the keychain protects nothing (Linux
// basic_text). Turning it on asks for the master password, which proves the user and never stays.
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../services/services';
import { notify, settingsStore, useSettings } from '../../stores/index';
import { PasswordInput } from '../PasswordInput';
import { SwitchField } from '../SwitchField';

export function KeychainSetting() {
  const keychain = useSettings((s) => s.keychain);
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (keychain === null) return null;

  const run = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setAsking(false);
      setPassword('');
      notify({ title: done });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const enable = (event: FormEvent) => {
    event.preventDefault();
    if (password !== '')
      void run(() => settingsStore.getState().enableKeychain(password), 'OS keychain unlock is on');
  };

  return (
    <div className="setting-block">
      <SwitchField
        label="Unlock with OS keychain"
        checked={keychain.enabled || asking}
        disabled={!keychain.available || busy}
        hint={
          keychain.available
            ? 'Open the wallet without typing the master password while you are logged in to this computer.'
            : `Not available here: ${keychain.reason ?? 'the OS keychain cannot protect a key on this system.'}`
        }
        onChange={(on) => {
          setError(null);
          if (on) setAsking(true);
          else if (asking) setAsking(false);
          else void run(() => settingsStore.getState().disableKeychain(), 'OS keychain unlock is off');
        }}
      />
      {asking && (
        <form className="inline-form" onSubmit={enable} noValidate>
          <PasswordInput
            label="Master password for the keychain"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="btn btn-primary" disabled={busy || password === ''}>
              Turn on
            </button>
            <button type="button" className="btn" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error !== null && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
