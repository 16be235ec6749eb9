// Keeps an open Keys screen in step with keys changed elsewhere (a team-hub sync pull, the CLI):
// main pushes keys:changed when its change stamp moves, and the keys store reloads the list only if
// the stamp it last loaded at moved. Nothing here runs on a timer. A hidden window notes the change
// and catches up when it is shown again, so it never reloads 10k rows nobody sees.
import { useEffect } from 'react';
import { keysStore, services, vaultStore } from '../stores/index';

export function useKeysRefresh(): void {
  useEffect(() => {
    let missed = false;
    const refresh = () => {
      if (vaultStore.getState().phase !== 'unlocked') return;
      if (document.visibilityState !== 'visible') {
        missed = true;
        return;
      }
      missed = false;
      void keysStore.getState().refresh();
    };
    const shown = () => {
      if (missed) refresh();
    };
    const unsubscribe = services.on.keysChanged(refresh);
    document.addEventListener('visibilitychange', shown);
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', shown);
    };
  }, []);
}
