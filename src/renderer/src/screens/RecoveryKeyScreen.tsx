// The recovery key, shown exactly once (after create or recover): copy it, save it as a text file
// (a Blob download, no Node), and confirm before moving on. Once the user continues, the store
// drops the key and nothing can show it again.
import { useId, useState } from 'react';
import { AuthLayout } from '../components/AuthLayout';
import { copySecret } from '../components/copySecret';
import { useVault, vaultStore } from '../stores/index';

function saveAsFile(recoveryKey: string) {
  const text = [
    'AIKey Wallet recovery key',
    '',
    recoveryKey,
    '',
    'It opens your vault if you forget the master password. Keep it offline, somewhere safe.',
    '',
  ].join('\n');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'aikey-recovery-key.txt';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function RecoveryKeyScreen() {
  const recoveryKey = useVault((s) => s.recoveryKey) ?? '';
  const [saved, setSaved] = useState(false);
  const checkboxId = useId();

  return (
    <AuthLayout>
      <h1>Save your recovery key</h1>
      <p className="lead">
        This key opens your vault if you forget the master password. It is shown only now: store it somewhere
        safe and offline, such as a password manager or on paper.
      </p>
      <p className="recovery-key" data-testid="recovery-key">
        {recoveryKey}
      </p>
      <div className="button-row">
        <button type="button" className="btn" onClick={() => copySecret(recoveryKey, 'Recovery key')}>
          Copy
        </button>
        <button type="button" className="btn" onClick={() => saveAsFile(recoveryKey)}>
          Save to file
        </button>
      </div>
      <div className="checkbox-field">
        <input id={checkboxId} type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor={checkboxId}>I saved my recovery key somewhere safe</label>
      </div>
      <button
        type="button"
        className="btn btn-primary btn-block"
        disabled={!saved}
        onClick={() => vaultStore.getState().acknowledgeRecovery()}
      >
        Continue
      </button>
    </AuthLayout>
  );
}
