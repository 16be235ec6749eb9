// The one time a full access token is on screen, after create or regenerate. Copy puts it on the
// clipboard (cleared later if still there); Done tells the store to forget it for good.
import { Dialog } from 'radix-ui';
import { tokensStore, useTokens } from '../../stores';
import { copySecret } from '../copySecret';

export function IssuedTokenDialog() {
  const issued = useTokens((s) => s.issued);
  const done = () => tokensStore.getState().dismissIssued();
  if (issued === null) return null;
  return (
    <Dialog.Root open onOpenChange={(open) => !open && done()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog"
          // Closing by a stray click outside would lose the only view of the token.
          onPointerDownOutside={(e) => e.preventDefault()}
        >
          <Dialog.Title className="dialog-title">
            {issued.reason === 'created' ? 'Your new access token' : 'Your regenerated access token'}
          </Dialog.Title>
          <Dialog.Description className="warning">
            Copy it now: it will not be shown again. The wallet keeps only a fingerprint of it.
          </Dialog.Description>
          <p className="secret-box mono" data-testid="new-token">
            {issued.token}
          </p>
          <p className="field-hint">
            Token “{issued.summary.name}”. Paste it where your tool reads <code>AIKEY_TOKEN</code>.
          </p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => copySecret(issued.token, 'Token')}>
              Copy
            </button>
            <span className="spacer" />
            <button type="button" className="btn btn-primary" onClick={done}>
              Done
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
