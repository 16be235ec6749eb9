// Keeps an open Keys screen in step with keys changed elsewhere (a team-hub sync pull, the CLI):
// every few seconds, while the window is visible and the vault unlocked, the keys store asks main
// for its cheap change stamp and reloads the list only if it moved. Never polls a hidden window.
import { useEffect } from 'react';
import { keysStore, vaultStore } from '../stores/index';

const POLL_MS = 3_000;

export function useKeysRefresh(): void {
  useEffect(() => {
    const poll = () => {
      if (document.visibilityState !== 'visible' || vaultStore.getState().phase !== 'unlocked') return;
      void keysStore.getState().refresh();
    };
    const timer = setInterval(poll, POLL_MS);
    // Back from another window or app: catch up now rather than at the next tick.
    document.addEventListener('visibilitychange', poll);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', poll);
    };
  }, []);
}
