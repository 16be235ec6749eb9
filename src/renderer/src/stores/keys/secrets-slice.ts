// The only place a decrypted key lives in the renderer: `revealed`, hidden again on a timer. Copying
// never brings a key here: main reads it by id, writes it to the OS clipboard with the concealment
// markers and clears it later (after the delay if it is still there, at once on lock and quit). A
// one-time value the window already shows (a new token, the recovery key) is handed to main the same
// way. Hide timers live in this closure, never in state, and reset() drops them.
import type { StoreApi } from 'zustand/vanilla';
import type { KeysActions, KeysDeps, KeysStore } from './types';
import { initialKeysState } from './types';

type SecretActions = Pick<KeysActions, 'reveal' | 'hide' | 'copy' | 'copyText' | 'reset'>;

export function secretsSlice(
  { services }: KeysDeps,
  set: StoreApi<KeysStore>['setState'],
  get: StoreApi<KeysStore>['getState'],
): SecretActions {
  const hideTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const hide = (id: string) => {
    clearTimeout(hideTimers.get(id));
    hideTimers.delete(id);
    if (!(id in get().revealed)) return;
    const { [id]: _dropped, ...rest } = get().revealed;
    set({ revealed: rest });
  };

  return {
    hide,

    reveal: async (id, seconds) => {
      const { secret } = await services.keys.reveal({ id });
      clearTimeout(hideTimers.get(id));
      set({ revealed: { ...get().revealed, [id]: secret } });
      hideTimers.set(
        id,
        setTimeout(() => hide(id), seconds * 1000),
      );
    },

    copy: async (id) => (await services.clipboard.copySecret({ id })).clearsInSeconds,

    copyText: async (text) => (await services.clipboard.copyOneTime({ text })).clearsInSeconds,

    reset: () => {
      for (const timer of hideTimers.values()) clearTimeout(timer);
      hideTimers.clear();
      set({ ...initialKeysState });
    },
  };
}
