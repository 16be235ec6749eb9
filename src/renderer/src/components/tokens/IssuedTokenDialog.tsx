// The one time a full access token is on screen, after create or regenerate. Done tells the store
// to forget it for good.
import { tokensStore, useTokens } from '../../stores/index';
import { OneTimeSecretDialog } from '../OneTimeSecretDialog';

export function IssuedTokenDialog() {
  const issued = useTokens((s) => s.issued);
  if (issued === null) return null;
  return (
    <OneTimeSecretDialog
      title={issued.reason === 'created' ? 'Your new access token' : 'Your regenerated access token'}
      warning="Copy it now: it will not be shown again. The wallet keeps only a fingerprint of it."
      secret={issued.token}
      secretLabel="Token"
      testId="new-token"
      hint={
        <>
          Token “{issued.summary.name}”. Paste it where your tool reads <code>AIKEY_TOKEN</code>.
        </>
      }
      onDone={() => tokensStore.getState().dismissIssued()}
    />
  );
}
