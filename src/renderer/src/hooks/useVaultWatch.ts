// Keeps the window in step with main's vault: main pushes vault:state on every lock and unlock (an
// auto-lock, a lock from the tray or the CLI), and the window asks for the full status then, once at
// start and when it regains focus. Nothing polls. It also tells main the user is active, at most
// twice a minute, so the idle timer does not lock under their hands, and keeps the endpoint's state
// on the Settings screen current as main pushes it.
import { useEffect } from 'react';
import { notify, services, settingsStore, vaultStore } from '../stores/index';

const PING_EVERY_MS = 30_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel'] as const;

export function useVaultWatch(): void {
  useEffect(() => {
    const refresh = () => void vaultStore.getState().refresh();
    refresh();
    const stopVault = services.on.vaultState(({ state }) => {
      const wasUnlocked = vaultStore.getState().phase === 'unlocked';
      refresh();
      if (state === 'auto-locked' && wasUnlocked) {
        notify({ title: 'Locked', description: 'AIKey Wallet locked itself after a period of inactivity.' });
      }
    });
    const stopEndpoint = services.on.endpointState((endpoint) =>
      settingsStore.getState().endpointChanged(endpoint),
    );
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
      stopVault();
      stopEndpoint();
      window.removeEventListener('focus', refresh);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, activity, { capture: true });
    };
  }, []);
}
