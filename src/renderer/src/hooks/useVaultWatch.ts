// Keeps the window in step with main's vault: asks for its status every few seconds and when the
// window regains focus (so an auto-lock or a lock from the CLI shows the unlock screen), and tells
// main the user is active, at most twice a minute, so the idle timer does not lock under their hands.
import { useEffect } from 'react';
import { services, vaultStore } from '../stores/index';

const POLL_MS = 4_000;
const PING_EVERY_MS = 30_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel'] as const;

export function useVaultWatch(): void {
  useEffect(() => {
    const refresh = () => void vaultStore.getState().refresh();
    refresh();
    const poll = setInterval(refresh, POLL_MS);
    window.addEventListener('focus', refresh);

    let lastPing = 0;
    const activity = () => {
      const now = Date.now();
      if (vaultStore.getState().phase !== 'unlocked' || now - lastPing < PING_EVERY_MS) return;
      lastPing = now;
      services.activity.ping().catch(() => undefined);
    };
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, activity, { passive: true, capture: true });

    return () => {
      clearInterval(poll);
      window.removeEventListener('focus', refresh);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, activity, { capture: true });
    };
  }, []);
}
