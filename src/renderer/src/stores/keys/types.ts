// The keys store's shape, shared by its slices (list, secrets) and by the selectors. Only masked
// summaries live in state, except `revealed`: a key the user asked to see, dropped on a timer.
import type { z } from 'zod';
import type { HubSummarySchema, ValidationResultSchema } from '#shared/ipc/contract.js';
import type { ProviderId } from '#shared/providers.js';
import type { KeyCreateInput, KeySummary, KeyUpdateInput } from '#shared/schemas/keys.js';
import type { AikeyServices } from '../../services/services';

export type HubSummary = z.infer<typeof HubSummarySchema>;
export type ValidationResult = z.infer<typeof ValidationResultSchema>;
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
export type ValidateInput = Parameters<AikeyServices['keys']['validate']>[0];

export interface KeysState {
  keys: KeySummary[];
  status: LoadStatus;
  /** The whole list has arrived; until then `keys` is its first page and counts are not final. */
  complete: boolean;
  error: string | null;
  search: string;
  provider: ProviderId | 'all';
  hubs: HubSummary[];
  deleted: KeySummary[];
  deletedStatus: LoadStatus;
  deletedError: string | null;
  /** The key the undo toast brings back. */
  lastDeleted: KeySummary | null;
  /** Key id -> its secret, only while the user asked to see it. */
  revealed: Readonly<Record<string, string>>;
}

export interface KeysActions {
  load(): Promise<void>;
  /** Loads like load() if nothing has yet, but a failure leaves the store idle and says nothing. */
  prefetch(): Promise<void>;
  /** Reloads the list if main says keys may have changed since it was loaded (on keys:changed while shown). */
  refresh(): Promise<void>;
  setSearch(search: string): void;
  setProvider(provider: ProviderId | 'all'): void;
  create(input: KeyCreateInput): Promise<KeySummary>;
  update(input: KeyUpdateInput): Promise<KeySummary>;
  validate(input: ValidateInput): Promise<ValidationResult>;
  remove(id: string): Promise<void>;
  undoDelete(): Promise<void>;
  loadDeleted(): Promise<void>;
  restore(id: string): Promise<void>;
  purge(id: string): Promise<void>;
  /** Shows the secret for `seconds`, then hides it again. */
  reveal(id: string, seconds: number): Promise<void>;
  hide(id: string): void;
  /** Main copies the key (never sent here); resolves with the seconds until main clears it. */
  copy(id: string): Promise<number>;
  /** Main copies a one-time value the window shows (a new token, the recovery key), same rules. */
  copyText(text: string): Promise<number>;
  /** Forgets everything (on lock). */
  reset(): void;
}

export type KeysStore = KeysState & KeysActions;

export interface KeysDeps {
  services: Pick<AikeyServices, 'keys' | 'hubs' | 'clipboard'>;
}

export const initialKeysState: KeysState = {
  keys: [],
  status: 'idle',
  complete: false,
  error: null,
  search: '',
  provider: 'all',
  hubs: [],
  deleted: [],
  deletedStatus: 'idle',
  deletedError: null,
  lastDeleted: null,
  revealed: {},
};
