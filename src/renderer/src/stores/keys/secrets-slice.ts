// The only place a decrypted key lives in the renderer: `revealed` (hidden again on a timer) and the
// clipboard (cleared on a timer, but only if the user has not copied something else meanwhile).
// Every secret the window copies (keys, a new token, the recovery key) goes through here, so the
// lock's flushClipboard clears them all. Timers and pending clears live in this closure, never in
// state, and reset() drops the hide timers.
import type { StoreApi } from 'zustand/vanilla';
import { clearIfStillHeld } from '../../services/clipboard';
import type { KeysActions, KeysDeps, KeysStore } from './types';
import { initialKeysState } from './types';

type SecretActions = Pick<KeysActions, 'reveal' | 'hide' | 'copy' | 'copyText' | 'flushClipboard' | 'reset'>;

export function secretsSlice(
  { services, clipboard }: KeysDeps,
  set: StoreApi<KeysStore>['setState'],
  get: StoreApi<KeysStore>['getState'],
): SecretActions {
  const hideTimers = new Map<string, ReturnType<typeof setTimeout>>();
  // One pending clear per copy; each remembers the exact text it put on the clipboard.
  const pendingClears = new Map<ReturnType<typeof setTimeout>, () => Promise<void>>();

  const copyText = async (secret: string, seconds: number) => {
    await clipboard.writeText(secret);
    const clear = () => clearIfStillHeld(clipboard, secret);
    const timer = setTimeout(() => {
      pendingClears.delete(timer);
      void clear();
    }, seconds * 1000);
    pendingClears.set(timer, clear);
  };

  const hide = (id: string) => {
    clearTimeout(hideTimers.get(id));
    hideTimers.delete(id);
    if (!(id in get().revealed)) return;
    const { [id]: _dropped, ...rest } = get().revealed;
    set({ revealed: rest });
  };

  return {
    hide,
    copyText,

    reveal: async (id, seconds) => {
      const { secret } = await services.keys.reveal({ id });
      clearTimeout(hideTimers.get(id));
      set({ revealed: { ...get().revealed, [id]: secret } });
      hideTimers.set(
        id,
        setTimeout(() => hide(id), seconds * 1000),
      );
    },

    copy: async (id, seconds) => {
      const secret = get().revealed[id] ?? (await services.keys.reveal({ id })).secret;
      await copyText(secret, seconds);
    },

    flushClipboard: async () => {
      const clears = [...pendingClears.entries()];
      pendingClears.clear();
      for (const [timer, clear] of clears) {
        clearTimeout(timer);
        await clear();
      }
    },

    reset: () => {
      for (const timer of hideTimers.values()) clearTimeout(timer);
      hideTimers.clear();
      set({ ...initialKeysState });
    },
  };
}
