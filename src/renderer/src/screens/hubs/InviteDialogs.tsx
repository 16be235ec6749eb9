// Inviting a member: pick a role and create a one-time invite, then the one moment its code is on
// screen, with Copy and a warning. Done (or closing) tells the store to forget the code for good;
// a stray click outside never closes it, since the code cannot be shown again.
import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import { OneTimeSecretDialog } from '../../components/OneTimeSecretDialog';
import { formatDateTime } from '../../format';
import { messageOf } from '../../services/services';
import { hubsStore, useHubs } from '../../stores/index';

export function InviteMemberDialog({
  hubId,
  hubName,
  onClose,
}: {
  hubId: string;
  hubName: string;
  onClose: () => void;
}) {
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await hubsStore.getState().createInvite(hubId, role);
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
        <Dialog.Content className="dialog dialog-narrow">
          <Dialog.Title className="dialog-title">Invite a member to {hubName}</Dialog.Title>
          <Dialog.Description className="dialog-description">
            You get a one-time code to hand over privately. When the new device joins, your wallet checks and
            approves it on its next sync.
          </Dialog.Description>
          <form onSubmit={(e) => void submit(e)} noValidate className="dialog-form">
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select
                id="invite-role"
                value={role}
                onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'member')}
              >
                <option value="member">Member: uses and edits keys</option>
                <option value="admin">Admin: also invites and removes members</option>
              </select>
            </div>
            {error !== null && (
              <p role="alert" className="field-error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <span className="spacer" />
              <Dialog.Close className="btn">Cancel</Dialog.Close>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                Create invite
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function IssuedInviteDialog() {
  const invite = useHubs((s) => s.invite);
  if (invite === null) return null;
  return (
    <OneTimeSecretDialog
      title={`Invite code for ${invite.hubName}`}
      warning={`Copy it now: it will not be shown again. Anyone holding it can join ${invite.hubName} as ${
        invite.role === 'admin' ? 'an admin' : 'a member'
      }, so send it privately, never in a public channel.`}
      secret={invite.code}
      secretLabel="Invite code"
      testId="invite-code"
      hint={`It works once and expires ${formatDateTime(invite.expiresAt)}. The new member pastes it under Hubs, Join a hub.`}
      onDone={() => hubsStore.getState().dismissInvite()}
    />
  );
}
