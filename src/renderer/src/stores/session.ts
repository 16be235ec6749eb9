// What leaving the unlocked state (Lock, auto-lock, a lock from the CLI) does to the window: every
// store holding vault data forgets it. Copied secrets are main's to clear (it does so on lock).
import type { StoreApi } from 'zustand/vanilla';
import type { VaultStore } from './vault';

interface Forgetful {
  getState(): { reset(): void };
}

export function forgetOnLock(vault: StoreApi<VaultStore>, stores: readonly Forgetful[]): () => void {
  return vault.subscribe((state, previous) => {
    if (previous.phase !== 'unlocked' || state.phase === 'unlocked') return;
    for (const store of stores) store.getState().reset();
  });
}
