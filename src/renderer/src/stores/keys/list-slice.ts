// Loading, filtering and changing keys. The list is loaded in two calls: a first page that fills the
// window, painted at once, then the rest; after that it is filtered in memory (see selectors.ts), so
// a keystroke in the search box never waits for main. Mutations patch the loaded list with main's
// answer instead of reloading 10k rows. While the screen is shown, refresh() asks main for a change
// stamp and reloads only when it moved (a team-hub sync pull, the CLI). An answer that arrives after
// a lock (reset) or after a newer load is dropped, never shown.
import type { StoreApi } from 'zustand/vanilla';
import type { KeySummary } from '#shared/schemas/keys.js';
import { messageOf } from '../../services/services';
import type { KeysActions, KeysDeps, KeysStore } from './types';

type ListActions = Omit<KeysActions, 'reveal' | 'hide' | 'copy' | 'copyText' | 'reset'>;

/** Rows in the first page: enough to fill a tall window, few enough to arrive and paint at once. */
export const FIRST_PAGE = 200;

/** The order main lists keys in: hub, provider, name. */
export function compareKeys(a: KeySummary, b: KeySummary): number {
  return (
    a.hubName.localeCompare(b.hubName) || a.provider.localeCompare(b.provider) || a.name.localeCompare(b.name)
  );
}

function upsert(list: KeySummary[], key: KeySummary): KeySummary[] {
  return [...list.filter((k) => k.id !== key.id), key].sort(compareKeys);
}

/**
 * A fetched list with the keys this window changed while it was on its way kept as the window has
 * them (main may have answered the list before or after the change).
 */
function keepLocalChanges(
  fetched: KeySummary[],
  current: KeySummary[],
  touched: ReadonlySet<string>,
): KeySummary[] {
  if (touched.size === 0) return fetched;
  const kept = current.filter((k) => touched.has(k.id));
  return [...fetched.filter((k) => !touched.has(k.id)), ...kept].sort(compareKeys);
}

/** The first page and the rest, without a row twice (a key added in between shifts the offset). */
function joinPages(first: KeySummary[], rest: KeySummary[]): KeySummary[] {
  const seen = new Set(first.map((k) => k.id));
  return first.concat(rest.filter((k) => !seen.has(k.id)));
}

export function listSlice(
  { services }: KeysDeps,
  set: StoreApi<KeysStore>['setState'],
  get: StoreApi<KeysStore>['getState'],
): ListActions {
  // The fetch in flight (a load or a refresh): a newer one replaces it, a reset (lock) voids it.
  let inFlight: { touched: Set<string> } | null = null;
  // The change stamp read just before the list now shown was fetched.
  let stamp: string | null = null;
  // A change event that arrived while a fetch was in flight: checked again when it ends, since main
  // pushes each change once and no timer would catch it later.
  let recheck = false;
  const settle = (fetch: typeof inFlight) => {
    if (inFlight !== fetch) return;
    inFlight = null;
    if (recheck) {
      recheck = false;
      void get().refresh();
    }
  };

  const begin = () => {
    inFlight = { touched: new Set() };
    return inFlight;
  };
  const stillCurrent = (fetch: typeof inFlight) => inFlight === fetch && get().status !== 'idle';
  const touch = (id: string) => inFlight?.touched.add(id);
  const readStamp = () =>
    services.keys.changes().then(
      (changes) => changes.stamp,
      () => null,
    );

  /** First page, painted; then the rest in one call, which replaces it. */
  const loadPages = async (onFirstPageFailed: (error: unknown) => void) => {
    const fetch = begin();
    set({ status: 'loading', error: null, complete: false });
    let painted = false;
    try {
      // The stamp is asked first, so a change made while the list travels moves it past this one.
      const [seen, first, hubs] = await Promise.all([
        readStamp(),
        services.keys.list({ limit: FIRST_PAGE }),
        services.hubs.list(),
      ]);
      if (!stillCurrent(fetch)) return;
      stamp = seen;
      const complete = first.length < FIRST_PAGE;
      set({ keys: keepLocalChanges(first, get().keys, fetch.touched), hubs, status: 'ready', complete });
      painted = true;
      if (complete) return;
      const rest = await services.keys.list({ offset: first.length });
      if (!stillCurrent(fetch)) return;
      set({ keys: keepLocalChanges(joinPages(first, rest), get().keys, fetch.touched), complete: true });
    } catch (error) {
      if (!stillCurrent(fetch)) return;
      if (painted) set({ status: 'error', error: messageOf(error) });
      else onFirstPageFailed(error);
    } finally {
      settle(fetch);
    }
  };

  return {
    load: () =>
      loadPages((error) => {
        set({ status: 'error', error: messageOf(error) });
      }),

    // Asked before the vault's status is known, so an unlocked wallet's first paint need not wait
    // for one round trip after another. A refused first page (a locked or new vault) leaves the
    // store idle, as if never asked, and the Keys screen loads when it opens.
    prefetch: async () => {
      if (get().status !== 'idle') return;
      await loadPages(() => {
        set({ status: 'idle' });
      });
    },

    refresh: async () => {
      const state = get();
      if (inFlight !== null) {
        recheck = true;
        return;
      }
      if (state.status !== 'ready' || !state.complete) return;
      const fetch = begin();
      try {
        const seen = await readStamp();
        if (seen === null || seen === stamp || !stillCurrent(fetch)) return;
        const [keys, hubs] = await Promise.all([services.keys.list({}), services.hubs.list()]);
        if (!stillCurrent(fetch)) return;
        stamp = seen;
        set({ keys: keepLocalChanges(keys, get().keys, fetch.touched), hubs });
      } catch {
        // Quiet: the next change event tries again, and a lock shows through the vault's own event.
      } finally {
        settle(fetch);
      }
    },

    setSearch: (search) => set({ search }),
    setProvider: (provider) => set({ provider }),

    create: async (input) => {
      const key = await services.keys.create(input);
      touch(key.id);
      set({ keys: upsert(get().keys, key) });
      return key;
    },

    update: async (input) => {
      const key = await services.keys.update(input);
      touch(key.id);
      set({ keys: upsert(get().keys, key) });
      return key;
    },

    validate: (input) => services.keys.validate(input),

    remove: async (id) => {
      const removed = await services.keys.remove({ id });
      touch(id);
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
      touch(id);
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
