// What callers see of team-hub sync, shaped once here so the desktop, the CLI and tests show the
// same thing: a membership's status, the hub list with sync status (the desktop's HubSummary), the
// members view and a sync's outcome. Pure mapping: no public key, proof, signature, device token or
// wrapped key is carried into the people-facing shapes.
import type { HubRole } from '#shared/hub-api.js';
import type { HubMember, HubSummary, HubSyncResult } from '#shared/schemas/hubs.js';
import type { HubRow, HubSyncReportRow } from '../db/schema/index.js';
import type { TrustedMember } from './member-trust.js';

/** This wallet's membership of one team hub, as its last sync left it. */
export interface HubMembershipSummary {
  hubId: string;
  name: string;
  hubUrl: string;
  memberId: string;
  role: HubRole;
  status: 'pending' | 'active';
  keyVersion: number;
  pendingChanges: number;
  lastSyncAt: number | null;
  lastError: string | null;
  live: boolean;
}

export interface SyncResult {
  hubId: string;
  status: 'synced' | 'pending' | 'removed';
  pushed: number;
  pulled: number;
  conflicts: number;
  approved: number;
  /** What this run found wrong with the hub (also kept in the vault). */
  reports: HubSyncReportRow[];
}

/** Every local hub, Personal first and then by name, each team hub with its sync status. */
export function hubOverview(
  hubs: readonly Pick<HubRow, 'id' | 'name' | 'kind'>[],
  memberships: readonly HubMembershipSummary[],
): HubSummary[] {
  const byHub = new Map(memberships.map((m) => [m.hubId, m]));
  return hubs
    .map((hub) => {
      const m = byHub.get(hub.id);
      return {
        id: hub.id,
        name: hub.name,
        kind: hub.kind,
        sync:
          m === undefined
            ? null
            : {
                role: m.role,
                membership: m.status,
                hubUrl: m.hubUrl,
                lastSyncAt: m.lastSyncAt,
                pendingChanges: m.pendingChanges,
                live: m.live,
                lastError: m.lastError,
              },
      };
    })
    .sort(
      (a, b) => Number(b.kind === 'personal') - Number(a.kind === 'personal') || a.name.localeCompare(b.name),
    );
}

/** The hub's current members (active or pending) for people: names, roles, trust, and which is us. */
export function memberView(members: readonly TrustedMember[], myMemberId: string | undefined): HubMember[] {
  return members
    .filter((m) => m.status === 'active' || m.status === 'pending')
    .map((m) => ({
      memberId: m.memberId,
      deviceName: m.deviceName,
      role: m.role,
      status: m.status,
      trust: m.trust,
      joinedAt: m.joinedAt,
      isYou: m.memberId === myMemberId,
    }));
}

/** A sync's outcome for people: the counts, and what it found wrong in words. */
export function syncView(result: SyncResult): HubSyncResult {
  return {
    hubId: result.hubId,
    status: result.status,
    pushed: result.pushed,
    pulled: result.pulled,
    conflicts: result.conflicts,
    approved: result.approved,
    problems: result.reports.map((r) => ({ kind: r.kind, detail: r.detail, at: r.at })),
  };
}
