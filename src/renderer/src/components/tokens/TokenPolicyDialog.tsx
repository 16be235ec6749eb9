// Change an existing token's broker limits. Loads main's current policy, saves the new one (main
// checks it and audits the change); clearing every field removes the limits.
import { Dialog } from 'radix-ui';
import { useEffect, useState, type FormEvent } from 'react';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { messageOf } from '../../services/services';
import { notify, services } from '../../stores/index';
import {
  EMPTY_POLICY_FIELDS,
  fieldsFromPolicy,
  policyFromFields,
  TokenPolicyFields,
} from './TokenPolicyFields';

export function TokenPolicyDialog({ token, onClose }: { token: TokenSummary; onClose: () => void }) {
  const [fields, setFields] = useState(EMPTY_POLICY_FIELDS);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);

  useEffect(() => {
    services.tokens.policy({ id: token.id }).then(
      (policy) => {
        setFields(fieldsFromPolicy(policy));
        setBusy(false);
      },
      (failure: unknown) => {
        setError(messageOf(failure));
        setBusy(false);
      },
    );
  }, [token.id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await services.tokens.setPolicy({ id: token.id, policy: policyFromFields(fields) });
      notify({
        title: 'Limits saved',
        description: `${token.name}: the broker applies them to the next call.`,
      });
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog-title">Limits for “{token.name}”</Dialog.Title>
          <Dialog.Description className="dialog-description">
            What this token may spend through the broker.
          </Dialog.Description>
          <form onSubmit={(e) => void submit(e)} noValidate className="dialog-form">
            <TokenPolicyFields value={fields} onChange={setFields} />
            {error !== null && (
              <p role="alert" className="field-error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <Dialog.Close className="btn">Cancel</Dialog.Close>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                Save limits
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
