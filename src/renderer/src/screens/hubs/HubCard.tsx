// One team hub: where its sync stands (last sync, changes waiting, live, the last failure, your
// role), Sync now, Invite member for admins, Leave hub behind a confirmation, and its members.
// A sync's outcome is said in a toast; what a hub did wrong (tampering, rollback, a swapped key)
// is said as an error, since the wallet kept its good copy and the user should know why.
import { useState } from 'react';
import type { HubSummary, HubSyncResult, HubSyncStatus } from '#shared/schemas/hubs.js';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { plural, timeAgo } from '../../format';
import { messageOf } from '../../services/services';
import { hubsStore, notify, useHubs } from '../../stores/index';
import { InviteMemberDialog } from './InviteDialogs';
import { MemberList } from './MemberList';

const ROLE_TEXT = { owner: 'You own this hub', admin: 'You are an admin', member: 'You are a member' };

function syncLine(sync: HubSyncStatus, now: number): string {
  if (sync.membership === 'pending') return 'Waiting for an admin’s wallet to approve this device';
  const last = sync.lastSyncAt === null ? 'Not synced yet' : `Synced ${timeAgo(sync.lastSyncAt, now)}`;
  const waiting =
    sync.pendingChanges === 0
      ? 'nothing waiting'
      : `${plural(sync.pendingChanges, 'change', 'changes')} waiting to upload`;
  return `${last} · ${waiting}`;
}

function announce(hubName: string, result: HubSyncResult): void {
  if (result.status === 'removed') {
    notify({
      title: `Removed from ${hubName}`,
      description: 'This device no longer belongs to the hub; its copy of the hub’s keys was wiped.',
      tone: 'error',
    });
  } else if (result.status === 'pending') {
    notify({ title: `${hubName}: waiting for approval`, description: 'Keys arrive once an admin approves.' });
  } else if (result.problems.length > 0) {
    notify({
      title: `${hubName} sent something wrong`,
      description: `${plural(result.problems.length, 'problem was', 'problems were')} found and not applied: ${result.problems[0]?.detail ?? ''}`,
      tone: 'error',
    });
  } else {
    const parts = [`${result.pushed} sent`, `${result.pulled} received`];
    if (result.conflicts > 0) parts.push(plural(result.conflicts, 'conflict copy', 'conflict copies'));
    if (result.approved > 0) parts.push(`${plural(result.approved, 'member', 'members')} approved`);
    notify({ title: `${hubName} synced`, description: parts.join(', ') });
  }
}

export function HubCard({
  hub,
  onChanged,
}: {
  hub: HubSummary & { sync: HubSyncStatus };
  onChanged: () => void;
}) {
  const syncing = useHubs((s) => s.syncing.includes(hub.id));
  const [inviting, setInviting] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const { sync } = hub;
  const canManage = sync.role !== 'member' && sync.membership === 'active';
  const titleId = `hub-${hub.id}`;

  const syncNow = async () => {
    try {
      announce(hub.name, await hubsStore.getState().sync(hub.id));
      onChanged();
    } catch (error) {
      notify({ title: `${hub.name} did not sync`, description: messageOf(error), tone: 'error' });
    }
  };

  return (
    <section className="panel hub-card" aria-labelledby={titleId}>
      <div className="screen-header">
        <div>
          <h2 className="hub-title">
            <span id={titleId}>{hub.name}</span>
            {sync.live && <span className="badge badge-result-ok">Live</span>}
            {sync.membership === 'pending' && <span className="badge badge-warning">Pending</span>}
          </h2>
          <p className="muted" data-testid="sync-status">
            {syncLine(sync, Date.now())}
          </p>
          <p className="muted">
            {ROLE_TEXT[sync.role]} · <span className="mono">{sync.hubUrl}</span>
          </p>
        </div>
        <div className="button-row">
          <button type="button" className="btn" disabled={syncing} onClick={() => void syncNow()}>
            {syncing ? 'Syncing…' : 'Sync now'}
          </button>
          {canManage && (
            <button type="button" className="btn" onClick={() => setInviting(true)}>
              Invite member
            </button>
          )}
          {sync.role !== 'owner' && (
            <button type="button" className="btn btn-danger-quiet" onClick={() => setLeaving(true)}>
              Leave hub
            </button>
          )}
        </div>
      </div>
      {sync.lastError !== null && <p className="warning">Last sync failed: {sync.lastError}</p>}
      {sync.membership === 'active' && <MemberList hubId={hub.id} hubName={hub.name} canManage={canManage} />}
      {inviting && (
        <InviteMemberDialog hubId={hub.id} hubName={hub.name} onClose={() => setInviting(false)} />
      )}
      <ConfirmDialog
        open={leaving}
        onOpenChange={setLeaving}
        title={`Leave ${hub.name}?`}
        confirmLabel="Leave hub"
        errorOf={messageOf}
        onConfirm={async () => {
          await hubsStore.getState().leave(hub.id);
          notify({ title: `You left ${hub.name}`, description: 'Its keys were removed from this computer.' });
          onChanged();
        }}
      >
        <p>
          This device stops syncing with {hub.name}, and the hub’s keys are removed from this computer (other
          members keep them). Changes not yet uploaded are lost. To come back you need a new invite.
        </p>
      </ConfirmDialog>
    </section>
  );
}
