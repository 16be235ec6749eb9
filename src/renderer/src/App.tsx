// The root: picks the screen from the vault's phase (first run, recovery key, unlock, the wallet)
// and hosts the toasts. It must never hold vault data itself: stores do, and forget it on lock.
import { Toast, Tooltip } from 'radix-ui';
import { AppShell } from './components/AppShell';
import { Toasts } from './components/Toasts';
import { useVaultWatch } from './hooks/useVaultWatch';
import { CreateVaultScreen } from './screens/CreateVaultScreen';
import { RecoveryKeyScreen } from './screens/RecoveryKeyScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { useVault } from './stores/index';

function Screen() {
  const phase = useVault((s) => s.phase);
  const error = useVault((s) => s.error);
  switch (phase) {
    case 'loading':
      return (
        <main className="splash" aria-busy="true">
          <p role="status">Opening AIKey Wallet…</p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="splash">
          <h1>AIKey Wallet cannot start</h1>
          <p role="alert">{error?.message}</p>
        </main>
      );
    case 'create':
      return <CreateVaultScreen />;
    case 'recovery':
      return <RecoveryKeyScreen />;
    case 'locked':
      return <UnlockScreen />;
    case 'unlocked':
      return <AppShell />;
  }
}

export function App() {
  useVaultWatch();
  return (
    <Toast.Provider swipeDirection="right">
      <Tooltip.Provider delayDuration={400}>
        <Screen />
        <Toasts />
      </Tooltip.Provider>
    </Toast.Provider>
  );
}
