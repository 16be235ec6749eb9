// The team-hub channels: each parses (the router did), calls one wallet.hubs (HubSync) method and
// returns its answer, already shaped for people by the sync module: no public key, proof,
// signature, device token or wrapped key crosses to the renderer. The invite code leaves main only
// as the answer of hubs:invite; nothing here logs. Joining and unlocking start live mode, so a
// joined hub keeps itself in step while the vault is open (lock stops it: see wallet.ts).
import type { Wallet } from '#core/wallet.js';
import type { IpcHandlers } from './router.js';

type HubChannel = Extract<keyof IpcHandlers, `hubs:${string}`>;

export function createHubHandlers(wallet: Wallet): Pick<IpcHandlers, HubChannel> {
  return {
    'hubs:list': () => wallet.hubs.overview(),
    'hubs:join': ({ code, deviceName }) =>
      wallet.hubs.joinAndFollow(code, deviceName === undefined ? {} : { deviceName }),
    'hubs:invite': async ({ hubId, role }) => {
      const invite = await wallet.hubs.createInvite(hubId, { role });
      return { code: invite.code, role: invite.role, expiresAt: invite.expiresAt };
    },
    'hubs:members': ({ hubId }) => wallet.hubs.memberView(hubId),
    'hubs:removeMember': ({ hubId, memberId }) => wallet.hubs.removeMember(hubId, memberId),
    'hubs:leave': async ({ hubId }) => {
      await wallet.hubs.leave(hubId);
      return null;
    },
    'hubs:sync': ({ hubId }) => wallet.hubs.syncSummary(hubId),
  };
}
