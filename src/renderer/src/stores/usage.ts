// The Usage screen's state: the range and filters the user chose, and main's answer for them (calls
// the broker forwarded, per UTC day). Counts and cost only; nothing here is a secret.
import { createStore } from 'zustand/vanilla';
import type { UsageQuery, UsageView } from '#shared/schemas/usage.js';
import { messageOf, type AikeyServices } from '../services/services';
import type { LoadStatus } from './keys/types';

export type UsageFilters = Required<Omit<UsageQuery, 'days'>> & { days: number };

export interface UsageState {
  filters: UsageFilters;
  view: UsageView | null;
  status: LoadStatus;
  error: string | null;
}

export interface UsageActions {
  load(): Promise<void>;
  /** Changes one filter (or the range) and loads again. */
  choose(patch: Partial<UsageFilters>): Promise<void>;
  reset(): void;
}

export type UsageStore = UsageState & UsageActions;

const INITIAL: UsageState = {
  filters: { days: 30, hub: null, key: null, token: null, model: null },
  view: null,
  status: 'idle',
  error: null,
};

export function createUsageStore({ services }: { services: Pick<AikeyServices, 'usage'> }) {
  return createStore<UsageStore>()((set, get) => ({
    ...INITIAL,
    load: async () => {
      set({ status: get().view === null ? 'loading' : 'ready', error: null });
      try {
        set({ view: await services.usage.report(get().filters), status: 'ready' });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    choose: async (patch) => {
      set({ filters: { ...get().filters, ...patch } });
      await get().load();
    },
    reset: () => set(INITIAL),
  }));
}
