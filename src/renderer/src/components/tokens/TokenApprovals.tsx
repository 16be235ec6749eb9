// A token's "Ask before use" details: the switch, and the programs allowed to use it without
// asking (each until its grant runs out), each with Revoke. Grants live in main's memory; the list
// is read when the details open and after every change made here.
import { useCallback, useEffect, useState } from 'react';
import type { ApprovalGrant } from '#shared/schemas/approvals.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { formatDateTime } from '../../format';
import { messageOf } from '../../services/services';
import { services, tokensStore } from '../../stores/index';
import { callerText } from '../approvals/ApprovalPromptDialog';
import { SwitchField } from '../SwitchField';

export function TokenApprovals({ token }: { token: TokenSummary }) {
  const [grants, setGrants] = useState<ApprovalGrant[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setGrants(await services.approvals.grants({ tokenId: token.id }));
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [token.id]);

  useEffect(() => {
    void reload();
    // An answered prompt may have added a grant for this token.
    return services.on.approvalsSettled(() => void reload());
  }, [reload]);

  const setAsk = async (on: boolean) => {
    setError(null);
    try {
      await tokensStore.getState().update(token.id, { askBeforeUse: on });
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const revoke = async (id: string) => {
    setError(null);
    try {
      await services.approvals.revoke({ id });
    } catch (failure) {
      setError(messageOf(failure));
    }
    await reload();
  };

  return (
    <div className="token-approvals">
      <SwitchField
        label="Ask before use"
        checked={token.askBeforeUse}
        onChange={(on) => void setAsk(on)}
        hint="The app asks you before a program you have not allowed uses this token."
      />
      {error !== null && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <h3 className="token-approvals-title">Allowed programs</h3>
      {grants.length === 0 ? (
        <p className="muted">No program is allowed without asking.</p>
      ) : (
        <ul aria-label={`Programs allowed to use ${token.name}`} className="grant-list">
          {grants.map((grant) => (
            <li key={grant.id} className="grant-row">
              <span>
                {callerText(grant.caller)}
                {grant.caller.exe !== null && <span className="mono muted"> {grant.caller.exe}</span>}
                <span className="muted"> · until {formatDateTime(grant.expiresAt)}</span>
              </span>
              <button
                type="button"
                className="btn btn-small btn-danger-quiet"
                aria-label={`Revoke ${callerText(grant.caller)}`}
                onClick={() => void revoke(grant.id)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
