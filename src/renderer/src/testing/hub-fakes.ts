// Test doubles for the hubs store: hub and member summaries and an in-memory hubs service that
// behaves like main's (join adds a team hub, leave drops it, sync empties the outbox, only admins
// invite). Used only by *.test.ts; never imported by the app.
import { AikeyError } from '#shared/errors.js';
import type { HubMember, HubSummary } from '#shared/schemas/hubs.js';
import type { AikeyServices } from '../services/services';

export const PERSONAL: HubSummary = { id: 'personal', name: 'Personal', kind: 'personal', sync: null };

export function teamHub(
  overrides: Partial<HubSummary> & Pick<HubSummary, 'id' | 'name'>,
  sync: Partial<NonNullable<HubSummary['sync']>> = {},
): HubSummary {
  return {
    kind: 'team',
    sync: {
      role: 'member',
      membership: 'active',
      hubUrl: 'http://127.0.0.1:47822',
      lastSyncAt: null,
      pendingChanges: 0,
      live: false,
      lastError: null,
      ...sync,
    },
    ...overrides,
  };
}

export function member(
  overrides: Partial<HubMember> & Pick<HubMember, 'memberId' | 'deviceName'>,
): HubMember {
  return { role: 'member', status: 'active', trust: 'verified', joinedAt: 1, isYou: false, ...overrides };
}

export const GOOD_CODE = 'aikey-invite:' + 'e'.repeat(120);
const ISSUED_CODE = 'aikey-invite:' + 'n'.repeat(120);

/** A hubs service over in-memory hubs; `calls` records what reached it (codes included, for checks). */
export function fakeHubServices(options: { hubs?: HubSummary[]; members?: HubMember[] } = {}) {
  let hubs = [PERSONAL, ...(options.hubs ?? [])];
  let members = options.members ?? [];
  const calls: string[] = [];
  const find = (hubId: string) => {
    const hub = hubs.find((h) => h.id === hubId && h.kind === 'team');
    if (!hub?.sync)
      throw new AikeyError('HubNotFound', 'This wallet has not joined a team hub with that id.');
    return { ...hub, sync: hub.sync };
  };
  const hubsService: AikeyServices['hubs'] = {
    list: () => Promise.resolve(hubs),
    join: ({ code }) => {
      calls.push(`join ${code}`);
      if (code !== GOOD_CODE)
        return Promise.reject(new AikeyError('InvalidInput', 'This is not a valid aikey invite code.'));
      const hub = teamHub({ id: 'team2222team', name: 'Acme' }, { role: 'owner', lastSyncAt: 5 });
      hubs = [...hubs, hub];
      return Promise.resolve(hub);
    },
    invite: ({ hubId, role }) => {
      calls.push(`invite ${hubId}`);
      if (find(hubId).sync.role === 'member')
        return Promise.reject(new AikeyError('NotHubAdmin', 'Only an admin or the owner can invite.'));
      return Promise.resolve({ code: ISSUED_CODE, role: role ?? 'member', expiresAt: 7 });
    },
    members: ({ hubId }) => {
      find(hubId);
      return Promise.resolve(members);
    },
    removeMember: ({ hubId, memberId }) => {
      calls.push(`remove ${hubId} ${memberId}`);
      find(hubId);
      members = members.filter((m) => m.memberId !== memberId);
      return Promise.resolve({ keyVersion: 2 });
    },
    leave: ({ hubId }) => {
      calls.push(`leave ${hubId}`);
      find(hubId);
      hubs = hubs.filter((h) => h.id !== hubId);
      return Promise.resolve(null);
    },
    sync: ({ hubId }) => {
      const hub = find(hubId);
      const pushed = hub.sync.pendingChanges;
      hubs = hubs.map((h) =>
        h.id === hubId ? { ...hub, sync: { ...hub.sync, pendingChanges: 0, lastSyncAt: 9 } } : h,
      );
      return Promise.resolve({
        hubId,
        status: 'synced',
        pushed,
        pulled: 1,
        conflicts: 0,
        approved: 0,
        problems: [],
      });
    },
  };
  return { services: { hubs: hubsService }, calls, issuedCode: ISSUED_CODE };
}
