// The team-hub channels: the desktop's view over wallet.hubs (HubSync). Each answer is reshaped for
// people: no public key, proof, signature, device token or wrapped key crosses to the renderer. The
// invite code leaves main only as the answer of hubs:invite; nothing here logs, and HubSync's errors
// never carry a code or token. Joining and unlocking start live mode, so a joined hub keeps itself
// in step while the vault is open (lock stops it: see wallet.ts).
import { AikeyError } from '#shared/errors.js';
import type { HubSummary, HubSyncResult } from '#shared/schemas/hubs.js';
import { hubs } from '#core/db/schema/index.js';
import type { Wallet } from '#core/wallet.js';
import type { IpcHandlers } from './router.js';

type HubChannel = Extract<keyof IpcHandlers, `hubs:${string}`>;

/** Follows every joined hub's live events; quiet when there is nothing to follow. */
export function followTeamHubs(wallet: Wallet): void {
  for (const hub of wallet.hubs.list()) wallet.hubs.startLive(hub.hubId);
}

function listHubs(wallet: Wallet): HubSummary[] {
  const memberships = new Map(wallet.hubs.list().map((m) => [m.hubId, m]));
  return wallet.vault
    .session()
    .db.select({ id: hubs.id, name: hubs.name, kind: hubs.kind })
    .from(hubs)
    .all()
    .map((hub) => {
      const m = memberships.get(hub.id);
      return {
        ...hub,
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

function summaryOf(wallet: Wallet, hubId: string): HubSummary {
  const found = listHubs(wallet).find((h) => h.id === hubId);
  if (!found) throw new AikeyError('HubNotFound', 'This wallet has not joined a team hub with that id.');
  return found;
}

export function createHubHandlers(wallet: Wallet): Pick<IpcHandlers, HubChannel> {
  return {
    'hubs:list': () => listHubs(wallet),
    'hubs:join': async ({ code, deviceName }) => {
      const joined = await wallet.hubs.join(code, deviceName === undefined ? {} : { deviceName });
      wallet.hubs.startLive(joined.hubId);
      return summaryOf(wallet, joined.hubId);
    },
    'hubs:invite': async ({ hubId, role }) => {
      const invite = await wallet.hubs.createInvite(hubId, { role });
      return { code: invite.code, role: invite.role, expiresAt: invite.expiresAt };
    },
    'hubs:members': async ({ hubId }) => {
      const me = wallet.hubs.list().find((h) => h.hubId === hubId)?.memberId;
      const members = await wallet.hubs.members(hubId);
      return members
        .filter((m) => m.status === 'active' || m.status === 'pending')
        .map((m) => ({
          memberId: m.memberId,
          deviceName: m.deviceName,
          role: m.role,
          status: m.status,
          trust: m.trust,
          joinedAt: m.joinedAt,
          isYou: m.memberId === me,
        }));
    },
    'hubs:removeMember': ({ hubId, memberId }) => wallet.hubs.removeMember(hubId, memberId),
    'hubs:leave': async ({ hubId }) => {
      await wallet.hubs.leave(hubId);
      return null;
    },
    'hubs:sync': async ({ hubId }): Promise<HubSyncResult> => {
      const result = await wallet.hubs.sync(hubId);
      return {
        hubId: result.hubId,
        status: result.status,
        pushed: result.pushed,
        pulled: result.pulled,
        conflicts: result.conflicts,
        approved: result.approved,
        problems: result.reports.map((r) => ({ kind: r.kind, detail: r.detail, at: r.at })),
      };
    },
  };
}
