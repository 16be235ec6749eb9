// Create an access token: a name, which hubs and providers it may read (none ticked = all), an
// expiry, and "Ask before use". A duplicate name is reported inline. On success the store holds the full value and the
// IssuedTokenDialog shows it, once.
import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '#shared/providers.js';
import { messageOf } from '../../services/services';
import { SwitchField } from '../SwitchField';
import { services, tokensStore, useKeys } from '../../stores/index';
import { EMPTY_POLICY_FIELDS, policyFromFields, TokenPolicyFields } from './TokenPolicyFields';

const EXPIRY_CHOICES = [
  { label: 'Never', days: null },
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
] as const;

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list, item] : list.filter((x) => x !== item);
}

export function TokenDialog({ onClose }: { onClose: () => void }) {
  const hubs = useKeys((s) => s.hubs);
  const [name, setName] = useState('');
  const [providers, setProviders] = useState<ProviderId[]>([]);
  const [hubIds, setHubIds] = useState<string[]>([]);
  const [expiry, setExpiry] = useState<string>('Never');
  const [limits, setLimits] = useState(EMPTY_POLICY_FIELDS);
  const [askBeforeUse, setAskBeforeUse] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Give the token a name, such as the tool that will use it.');
      return;
    }
    const days = EXPIRY_CHOICES.find((c) => c.label === expiry)?.days ?? null;
    let policy;
    try {
      policy = policyFromFields(limits);
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await tokensStore.getState().create({
        name: name.trim(),
        scope: {
          ...(providers.length > 0 ? { providers } : {}),
          ...(hubIds.length > 0 ? { hubs: hubIds } : {}),
        },
        expiresAt: days === null ? null : Date.now() + days * 86_400_000,
        askBeforeUse,
      });
      const issued = tokensStore.getState().issued;
      if (policy !== null && issued !== null)
        await services.tokens.setPolicy({ id: issued.summary.id, policy });
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
          <Dialog.Title className="dialog-title">New access token</Dialog.Title>
          <Dialog.Description className="dialog-description">
            A tool uses the token to fetch keys from the wallet. Give each tool its own token, limited to what
            it needs.
          </Dialog.Description>
          <form onSubmit={(e) => void submit(e)} noValidate className="dialog-form">
            <div className="field">
              <label htmlFor="token-name">Token name</label>
              <input
                id="token-name"
                value={name}
                maxLength={64}
                placeholder="cv-git"
                autoFocus
                aria-invalid={error !== null}
                onChange={(e) => setName(e.target.value)}
              />
              {error !== null && (
                <p role="alert" className="field-error">
                  {error}
                </p>
              )}
            </div>
            <fieldset className="choice-group">
              <legend>Providers it may read</legend>
              <p className="field-hint">Tick none to allow every provider.</p>
              <div className="choice-grid">
                {PROVIDER_IDS.map((id) => (
                  <label key={id} className="choice">
                    <input
                      type="checkbox"
                      checked={providers.includes(id)}
                      onChange={(e) => setProviders((list) => toggle(list, id, e.target.checked))}
                    />
                    {PROVIDERS[id].displayName}
                  </label>
                ))}
              </div>
            </fieldset>
            {hubs.length > 1 && (
              <fieldset className="choice-group">
                <legend>Hubs it may read</legend>
                <p className="field-hint">Tick none to allow every hub.</p>
                <div className="choice-grid">
                  {hubs.map((hub) => (
                    <label key={hub.id} className="choice">
                      <input
                        type="checkbox"
                        checked={hubIds.includes(hub.id)}
                        onChange={(e) => setHubIds((list) => toggle(list, hub.id, e.target.checked))}
                      />
                      {hub.name}
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            <div className="field">
              <label htmlFor="token-expiry">Expires in</label>
              <select id="token-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
                {EXPIRY_CHOICES.map((choice) => (
                  <option key={choice.label}>{choice.label}</option>
                ))}
              </select>
            </div>
            <TokenPolicyFields value={limits} onChange={setLimits} />
            <SwitchField
              label="Ask before use"
              checked={askBeforeUse}
              onChange={setAskBeforeUse}
              hint="The app asks you before a program you have not allowed uses this token."
            />
            <div className="dialog-actions">
              <Dialog.Close className="btn">Cancel</Dialog.Close>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                Create token
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
