// The members of one team hub as this wallet sees them: device name, role, whether it is waiting for
// approval, and whether its keys are trusted (a key the hub swapped is flagged, never hidden).
// Admins and the owner may remove a member, behind a confirmation that says the hub key rotates.
import { useEffect, useState } from 'react';
import type { HubMember } from '#shared/schemas/hubs.js';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadFailed, Loading } from '../../components/States';
import { messageOf } from '../../services/services';
import { hubsStore, notify, useHubs } from '../../stores/index';

const ROLE_LABEL = { owner: 'Owner', admin: 'Admin', member: 'Member' } as const;

function TrustBadge({ member }: { member: HubMember }) {
  if (member.status === 'pending' || member.trust === 'pending')
    return <span className="badge badge-warning">Waiting for approval</span>;
  if (member.trust === 'swapped_key')
    return <span className="badge badge-danger">Key changed by the hub: not trusted</span>;
  if (member.trust === 'unverified') return <span className="badge badge-warning">Not verified</span>;
  return <span className="badge badge-result-ok">Active</span>;
}

interface MemberListProps {
  hubId: string;
  hubName: string;
  /** This device may remove members (it is an admin or the owner). */
  canManage: boolean;
}

export function MemberList({ hubId, hubName, canManage }: MemberListProps) {
  const list = useHubs((s) => s.members[hubId]);
  const [removing, setRemoving] = useState<HubMember | null>(null);

  useEffect(() => {
    void hubsStore.getState().loadMembers(hubId);
  }, [hubId]);

  if (list === undefined || (list.status === 'loading' && list.members.length === 0))
    return <Loading what="members" />;
  if (list.status === 'error')
    return (
      <LoadFailed message={list.error ?? ''} onRetry={() => void hubsStore.getState().loadMembers(hubId)} />
    );

  return (
    <>
      <ul className="card-list" aria-label={`Members of ${hubName}`}>
        {list.members.map((m) => (
          <li key={m.memberId} className="card-row" aria-label={m.deviceName}>
            <div className="key-main">
              <p className="key-name">
                {m.deviceName}
                {m.isYou && <span className="muted"> (this device)</span>}
              </p>
              <p className="muted">{ROLE_LABEL[m.role]}</p>
            </div>
            <div className="key-meta">
              <TrustBadge member={m} />
            </div>
            <div className="key-actions">
              {canManage && !m.isYou && m.role !== 'owner' && (
                <button
                  type="button"
                  className="btn btn-small btn-danger-quiet"
                  onClick={() => setRemoving(m)}
                >
                  Remove
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove “${removing?.deviceName ?? ''}” from ${hubName}?`}
        confirmLabel="Remove member"
        errorOf={messageOf}
        onConfirm={async () => {
          if (removing === null) return;
          await hubsStore.getState().removeMember(hubId, removing.memberId);
          notify({ title: 'Member removed', description: `The hub key of ${hubName} was rotated.` });
        }}
      >
        <p>
          The device loses access at once. Your wallet then rotates the hub key: it makes a new one and
          re-seals every key in {hubName} for the members who remain. Keys it already copied stay on that
          device, so rotate any provider key it should no longer use.
        </p>
      </ConfirmDialog>
    </>
  );
}
