// Access tokens: the masked list, and the one moment a full token exists in the renderer: `issued`,
// set by create or regenerate and dropped by dismissIssued (the dialog's Done) or reset (on lock).
// The full value is never put anywhere else.
import { createStore } from 'zustand/vanilla';
import type {
  IssuedToken,
  TokenCreateInput,
  TokenSummary,
  TokenUpdateInput,
} from '#shared/schemas/tokens.js';
import { messageOf, type AikeyServices } from '../services/services';
import type { LoadStatus } from './keys/types';

export interface TokensState {
  tokens: TokenSummary[];
  status: LoadStatus;
  error: string | null;
  issued: (IssuedToken & { reason: 'created' | 'regenerated' }) | null;
}

export interface TokensActions {
  load(): Promise<void>;
  /** Main pushed tokens:changed: reads the list again, quietly, if it is on screen. */
  refresh(): Promise<void>;
  /** Rejects with the AikeyError (DuplicateName, ...) for the dialog to show. */
  create(input: TokenCreateInput): Promise<void>;
  regenerate(id: string): Promise<void>;
  revoke(id: string): Promise<void>;
  /** Scope, expiry or "Ask before use"; the value is unchanged. */
  update(id: string, changes: TokenUpdateInput): Promise<void>;
  dismissIssued(): void;
  reset(): void;
}

export type TokensStore = TokensState & TokensActions;

const initial: TokensState = { tokens: [], status: 'idle', error: null, issued: null };

const byName = (a: TokenSummary, b: TokenSummary) => a.name.localeCompare(b.name);

export function createTokensStore({ services }: { services: Pick<AikeyServices, 'tokens'> }) {
  return createStore<TokensStore>()((set, get) => {
    const put = (summary: TokenSummary) =>
      [...get().tokens.filter((t) => t.id !== summary.id), summary].sort(byName);

    return {
      ...initial,

      load: async () => {
        set({ status: 'loading', error: null });
        try {
          set({ tokens: await services.tokens.list(), status: 'ready' });
        } catch (error) {
          set({ status: 'error', error: messageOf(error) });
        }
      },

      refresh: async () => {
        if (get().status !== 'ready') return;
        try {
          const tokens = await services.tokens.list();
          // A lock while the list travelled has reset the store: leave it empty.
          if (get().status === 'ready') set({ tokens });
        } catch {
          // Quiet: a lock shows through the vault's own event, and the next change tries again.
        }
      },

      create: async (input) => {
        const issued = await services.tokens.create(input);
        set({ tokens: put(issued.summary), issued: { ...issued, reason: 'created' } });
      },

      regenerate: async (id) => {
        const issued = await services.tokens.regenerate({ id });
        set({ tokens: put(issued.summary), issued: { ...issued, reason: 'regenerated' } });
      },

      // Revoking is a soft delete that main hides from every list: the token leaves the view at
      // once, and the list is read again so it matches main's (other tools may have changed it).
      revoke: async (id) => {
        await services.tokens.revoke({ id });
        set({ tokens: get().tokens.filter((t) => t.id !== id) });
        await get().load();
      },

      update: async (id, changes) => {
        const summary = await services.tokens.update({ id, changes });
        set({ tokens: put(summary) });
      },

      dismissIssued: () => set({ issued: null }),
      reset: () => set({ ...initial }),
    };
  });
}
