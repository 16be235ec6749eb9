// The Hubs screen: Personal (this computer only) and every team hub with its sync status, members and
// actions, plus Join a hub. The list reloads when main pushes hubs:changed (a sync ran or failed) or
// keys:changed, so live syncs and a failing hub show up without a click and without polling. Joining, leaving and syncing reload the keys too, because
// the Keys screen groups by hub and the Add key dialog offers the hubs as a choice.
import { useEffect, useState } from 'react';
import type { HubSummary, HubSyncStatus } from '#shared/schemas/hubs.js';
import { Empty, LoadFailed, Loading } from '../../components/States';
import { hubsStore, keysStore, services, useHubs } from '../../stores/index';
import { HubCard } from './HubCard';
import { IssuedInviteDialog } from './InviteDialogs';
import { JoinHubDialog } from './JoinHubDialog';

const isTeam = (hub: HubSummary): hub is HubSummary & { sync: HubSyncStatus } =>
  hub.kind === 'team' && hub.sync !== null;

export function HubsScreen() {
  const hubs = useHubs((s) => s.hubs);
  const status = useHubs((s) => s.status);
  const error = useHubs((s) => s.error);
  const [joining, setJoining] = useState(false);
  const teams = hubs.filter(isTeam);

  useEffect(() => {
    const reload = () => void hubsStore.getState().load();
    reload();
    const stopKeys = services.on.keysChanged(reload);
    const stopHubs = services.on.hubsChanged(reload);
    return () => {
      stopKeys();
      stopHubs();
    };
  }, []);

  const keysChanged = () => void keysStore.getState().load();

  return (
    <section className="screen screen-narrow" aria-labelledby="hubs-title">
      <div className="screen-header">
        <div>
          <h1 id="hubs-title" tabIndex={-1}>
            Hubs
          </h1>
          <p className="screen-subtitle">
            Share keys with a team through a hub, end-to-end encrypted: the hub server never sees a key.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setJoining(true)}>
          Join a hub
        </button>
      </div>
      {status === 'loading' && <Loading what="hubs" />}
      {status === 'error' && (
        <LoadFailed message={error ?? ''} onRetry={() => void hubsStore.getState().load()} />
      )}
      {hubs.some((h) => h.kind === 'personal') && (
        <section className="panel" aria-labelledby="hub-personal">
          <h2 id="hub-personal" className="hub-title">
            Personal
          </h2>
          <p className="muted">Keys only on this computer. They are never sent to any hub.</p>
        </section>
      )}
      {status === 'ready' && teams.length === 0 && (
        <Empty title="No team hubs yet">
          <p>To share keys with a team, ask a hub admin for an invite code, then choose Join a hub.</p>
          <p>
            To run a hub for your team, start one with <code>aikey-hub init</code>: it prints the owner’s
            invite.
          </p>
        </Empty>
      )}
      {teams.map((hub) => (
        <HubCard key={hub.id} hub={hub} onChanged={keysChanged} />
      ))}
      {joining && <JoinHubDialog onClose={() => setJoining(false)} onJoined={keysChanged} />}
      <IssuedInviteDialog />
    </section>
  );
}
