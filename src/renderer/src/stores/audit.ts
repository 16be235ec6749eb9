// The audit log view: filters and one page at a time, fetched from main (the log can be long, so it
// is never loaded whole). A newer request always wins over a slower older one.
import { createStore } from 'zustand/vanilla';
import type { AuditAction, AuditEntry } from '#shared/schemas/audit.js';
import { messageOf, type AikeyServices } from '../services/services';
import type { LoadStatus } from './keys/types';

export interface AuditFilters {
  keyId?: string;
  /** A token's name: entries made by that token over the endpoint. */
  tokenName?: string;
  action?: AuditAction;
  result?: 'ok' | 'denied' | 'error';
}

export interface AuditState {
  entries: AuditEntry[];
  total: number;
  offset: number;
  pageSize: number;
  filters: AuditFilters;
  status: LoadStatus;
  error: string | null;
}

export interface AuditActions {
  load(): Promise<void>;
  setFilters(patch: Partial<AuditFilters>): Promise<void>;
  nextPage(): Promise<void>;
  previousPage(): Promise<void>;
  reset(): void;
}

export type AuditStore = AuditState & AuditActions;

const initial: AuditState = {
  entries: [],
  total: 0,
  offset: 0,
  pageSize: 50,
  filters: {},
  status: 'idle',
  error: null,
};

export const selectHasNextPage = (s: AuditState) => s.offset + s.pageSize < s.total;
export const selectHasPreviousPage = (s: AuditState) => s.offset > 0;

export function createAuditStore({ services }: { services: Pick<AikeyServices, 'audit'> }) {
  let seq = 0;
  return createStore<AuditStore>()((set, get) => ({
    ...initial,

    load: async () => {
      const mine = ++seq;
      const { offset, pageSize, filters } = get();
      set({ status: 'loading', error: null });
      try {
        const page = await services.audit.list({
          limit: pageSize,
          offset,
          ...(filters.keyId === undefined ? {} : { keyId: filters.keyId }),
          ...(filters.tokenName === undefined ? {} : { actorType: 'token', actorName: filters.tokenName }),
          ...(filters.action === undefined ? {} : { action: filters.action }),
          ...(filters.result === undefined ? {} : { result: filters.result }),
        });
        if (mine === seq) set({ entries: page.entries, total: page.total, status: 'ready' });
      } catch (error) {
        if (mine === seq) set({ status: 'error', error: messageOf(error) });
      }
    },

    setFilters: (patch) => {
      set({ filters: { ...get().filters, ...patch }, offset: 0 });
      return get().load();
    },

    nextPage: () => {
      if (!selectHasNextPage(get())) return Promise.resolve();
      set({ offset: get().offset + get().pageSize });
      return get().load();
    },

    previousPage: () => {
      if (!selectHasPreviousPage(get())) return Promise.resolve();
      set({ offset: Math.max(0, get().offset - get().pageSize) });
      return get().load();
    },

    reset: () => set({ ...initial }),
  }));
}
