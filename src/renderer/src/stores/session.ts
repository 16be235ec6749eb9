// What leaving the unlocked state (Lock, auto-lock, a lock from the CLI) does to the window: every
// store holding vault data forgets it, and copied keys leave the clipboard now rather than later.
import type { StoreApi } from 'zustand/vanilla';
import type { VaultStore } from './vault';

interface Forgetful {
  getState(): { reset(): void };
}

export function forgetOnLock(
  vault: StoreApi<VaultStore>,
  clipboardHolder: { getState(): { flushClipboard(): Promise<void> } },
  stores: readonly Forgetful[],
): () => void {
  return vault.subscribe((state, previous) => {
    if (previous.phase !== 'unlocked' || state.phase === 'unlocked') return;
    void clipboardHolder.getState().flushClipboard();
    for (const store of stores) store.getState().reset();
  });
}
