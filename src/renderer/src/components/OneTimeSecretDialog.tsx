// The one moment a secret that cannot be shown again is on screen (a new access token, an invite
// code): the value, a warning, Copy (cleared from the clipboard later if still there) and Done.
// A stray click outside never closes it; Done or Escape tells the owning store to forget the value.
import { Dialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { copySecret } from './copySecret';

export interface OneTimeSecretDialogProps {
  title: string;
  warning: ReactNode;
  secret: string;
  /** What Copy calls it in its toast, e.g. "Token". */
  secretLabel: string;
  testId: string;
  hint: ReactNode;
  onDone: () => void;
}

export function OneTimeSecretDialog({
  title,
  warning,
  secret,
  secretLabel,
  testId,
  hint,
  onDone,
}: OneTimeSecretDialogProps) {
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onDone()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" onPointerDownOutside={(e) => e.preventDefault()}>
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <Dialog.Description className="warning">{warning}</Dialog.Description>
          <p className="secret-box mono" data-testid={testId}>
            {secret}
          </p>
          <p className="field-hint">{hint}</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => copySecret(secret, secretLabel)}>
              Copy
            </button>
            <span className="spacer" />
            <button type="button" className="btn btn-primary" onClick={onDone}>
              Done
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
