// Team hubs as the Hubs screen shows them: every hub with its sync status, the members of the hubs
// the user opened, and the one moment an invite code exists in the renderer: `invite`, set by
// createInvite and dropped by dismissInvite (the dialog's Done) or reset (on lock). The code is
// never put anywhere else, and an invite code the user pastes to join is never kept at all.
import { createStore } from 'zustand/vanilla';
import type { HubMember, HubSummary, HubSyncResult, IssuedInvite } from '#shared/schemas/hubs.js';
import { messageOf, type AikeyServices } from '../services/services';
import type { LoadStatus } from './keys/types';

export interface MemberList {
  status: LoadStatus;
  members: HubMember[];
  error: string | null;
}

export interface HubsState {
  hubs: HubSummary[];
  status: LoadStatus;
  error: string | null;
  /** Hub id -> its members, for the hubs whose members were loaded. */
  members: Readonly<Record<string, MemberList>>;
  /** Hub ids with a sync running from this window. */
  syncing: readonly string[];
  invite: (IssuedInvite & { hubId: string; hubName: string }) | null;
}

export interface HubsActions {
  load(): Promise<void>;
  /** Rejects with the AikeyError (InvalidInput, InvalidInvite, HubUnreachable, ...) for the dialog. */
  join(code: string, deviceName?: string): Promise<HubSummary>;
  loadMembers(hubId: string): Promise<void>;
  createInvite(hubId: string, role: 'admin' | 'member'): Promise<void>;
  dismissInvite(): void;
  /** Removes the member; the wallet then rotates the hub key. Rejects for the confirmation to show. */
  removeMember(hubId: string, memberId: string): Promise<void>;
  leave(hubId: string): Promise<void>;
  /** Resolves with what the sync did, and refreshes the hub's status whether it worked or not. */
  sync(hubId: string): Promise<HubSyncResult>;
  reset(): void;
}

export type HubsStore = HubsState & HubsActions;

const initial: HubsState = {
  hubs: [],
  status: 'idle',
  error: null,
  members: {},
  syncing: [],
  invite: null,
};

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

export function createHubsStore({ services }: { services: Pick<AikeyServices, 'hubs'> }) {
  return createStore<HubsStore>()((set, get) => {
    const setMembers = (hubId: string, list: MemberList) =>
      set({ members: { ...get().members, [hubId]: list } });

    /** Status changes after any hub operation; a failed refresh keeps the list already shown. */
    const refresh = async () => {
      try {
        set({ hubs: await services.hubs.list(), status: 'ready', error: null });
      } catch {
        // The operation's own outcome is what the user needs to see; the list stays as it was.
      }
    };

    return {
      ...initial,

      load: async () => {
        set({ status: get().hubs.length === 0 ? 'loading' : get().status, error: null });
        try {
          set({ hubs: await services.hubs.list(), status: 'ready' });
        } catch (error) {
          set({ status: 'error', error: messageOf(error) });
        }
      },

      join: async (code, deviceName) => {
        const hub = await services.hubs.join(deviceName === undefined ? { code } : { code, deviceName });
        set({ hubs: [...get().hubs.filter((h) => h.id !== hub.id), hub] });
        await refresh();
        return hub;
      },

      loadMembers: async (hubId) => {
        const previous = get().members[hubId];
        setMembers(hubId, { status: 'loading', members: previous?.members ?? [], error: null });
        try {
          setMembers(hubId, {
            status: 'ready',
            members: await services.hubs.members({ hubId }),
            error: null,
          });
        } catch (error) {
          setMembers(hubId, { status: 'error', members: previous?.members ?? [], error: messageOf(error) });
        }
      },

      createInvite: async (hubId, role) => {
        const issued = await services.hubs.invite({ hubId, role });
        const hubName = get().hubs.find((h) => h.id === hubId)?.name ?? hubId;
        set({ invite: { ...issued, hubId, hubName } });
      },

      dismissInvite: () => set({ invite: null }),

      removeMember: async (hubId, memberId) => {
        await services.hubs.removeMember({ hubId, memberId });
        const list = get().members[hubId];
        if (list)
          setMembers(hubId, { ...list, members: list.members.filter((m) => m.memberId !== memberId) });
        await Promise.all([get().loadMembers(hubId), refresh()]);
      },

      leave: async (hubId) => {
        await services.hubs.leave({ hubId });
        set({ hubs: get().hubs.filter((h) => h.id !== hubId), members: without(get().members, hubId) });
      },

      sync: async (hubId) => {
        set({ syncing: [...get().syncing.filter((id) => id !== hubId), hubId] });
        try {
          const result = await services.hubs.sync({ hubId });
          // Members may have joined, been approved or left since the list was read.
          if (result.status === 'removed') set({ members: without(get().members, hubId) });
          else if (get().members[hubId]) await get().loadMembers(hubId);
          return result;
        } finally {
          set({ syncing: get().syncing.filter((id) => id !== hubId) });
          await refresh();
        }
      },

      reset: () => set({ ...initial }),
    };
  });
}
