// Loading, filtering and changing keys. The list is loaded whole once and filtered in memory (see
// selectors.ts), so a keystroke in the search box never waits for main. Mutations patch the loaded
// list with main's answer instead of reloading 10k rows.
import type { StoreApi } from 'zustand/vanilla';
import type { KeySummary } from '../../../../shared/schemas/keys';
import { messageOf } from '../../services/services';
import type { KeysActions, KeysDeps, KeysStore } from './types';

type ListActions = Omit<KeysActions, 'reveal' | 'hide' | 'copy' | 'copyText' | 'flushClipboard' | 'reset'>;

/** The order main lists keys in: hub, provider, name. */
export function compareKeys(a: KeySummary, b: KeySummary): number {
  return (
    a.hubName.localeCompare(b.hubName) || a.provider.localeCompare(b.provider) || a.name.localeCompare(b.name)
  );
}

function upsert(list: KeySummary[], key: KeySummary): KeySummary[] {
  return [...list.filter((k) => k.id !== key.id), key].sort(compareKeys);
}

export function listSlice(
  { services }: KeysDeps,
  set: StoreApi<KeysStore>['setState'],
  get: StoreApi<KeysStore>['getState'],
): ListActions {
  return {
    load: async () => {
      set({ status: 'loading', error: null });
      try {
        const [keys, hubs] = await Promise.all([services.keys.list({}), services.hubs.list()]);
        set({ keys, hubs, status: 'ready' });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },

    // Asked before the vault's status is known, so an unlocked wallet's first paint need not wait
    // for one round trip after another. Any failure (a locked or new vault) leaves the store idle,
    // as if never asked, and the Keys screen loads when it opens.
    prefetch: async () => {
      if (get().status !== 'idle') return;
      set({ status: 'loading', error: null });
      try {
        const [keys, hubs] = await Promise.all([services.keys.list({}), services.hubs.list()]);
        if (get().status === 'loading') set({ keys, hubs, status: 'ready' });
      } catch {
        if (get().status === 'loading') set({ status: 'idle' });
      }
    },

    setSearch: (search) => set({ search }),
    setProvider: (provider) => set({ provider }),

    create: async (input) => {
      const key = await services.keys.create(input);
      set({ keys: upsert(get().keys, key) });
      return key;
    },

    update: async (input) => {
      const key = await services.keys.update(input);
      set({ keys: upsert(get().keys, key) });
      return key;
    },

    validate: (input) => services.keys.validate(input),

    remove: async (id) => {
      const removed = await services.keys.remove({ id });
      get().hide(id);
      set({
        keys: get().keys.filter((k) => k.id !== id),
        deleted: [removed, ...get().deleted.filter((k) => k.id !== id)],
        lastDeleted: removed,
      });
    },

    undoDelete: async () => {
      const last = get().lastDeleted;
      if (last !== null) await get().restore(last.id);
    },

    loadDeleted: async () => {
      set({ deletedStatus: 'loading', deletedError: null });
      try {
        set({ deleted: await services.keys.list({ state: 'deleted' }), deletedStatus: 'ready' });
      } catch (error) {
        set({ deletedStatus: 'error', deletedError: messageOf(error) });
      }
    },

    restore: async (id) => {
      const key = await services.keys.restore({ id });
      set({
        keys: upsert(get().keys, key),
        deleted: get().deleted.filter((k) => k.id !== id),
        lastDeleted: get().lastDeleted?.id === id ? null : get().lastDeleted,
      });
    },

    purge: async (id) => {
      await services.keys.purge({ id });
      set({
        deleted: get().deleted.filter((k) => k.id !== id),
        lastDeleted: get().lastDeleted?.id === id ? null : get().lastDeleted,
      });
    },
  };
}
