// The unlocked wallet: a header with the navigation and the Lock button, and the current screen.
// Settings are loaded here once, because Keys needs the reveal and clipboard times.
import { useEffect, useRef, useState } from 'react';
import { AuditScreen } from '../screens/AuditScreen';
import { ApprovalPromptDialog } from './approvals/ApprovalPromptDialog';
import { DeletedKeysScreen } from '../screens/DeletedKeysScreen';
import { HubsScreen } from '../screens/hubs/HubsScreen';
import { ImportScreen } from '../screens/ImportScreen';
import { KeysScreen } from '../screens/KeysScreen';
import { SettingsScreen } from '../screens/SettingsScreen';
import { TokensScreen } from '../screens/TokensScreen';
import { UsageScreen } from '../screens/UsageScreen';
import { services, settingsStore, useVault, vaultStore } from '../stores/index';

export type View = 'keys' | 'deleted' | 'import' | 'hubs' | 'tokens' | 'usage' | 'audit' | 'settings';

const NAV: { view: View; label: string }[] = [
  { view: 'keys', label: 'Keys' },
  { view: 'import', label: 'Import keys' },
  { view: 'hubs', label: 'Hubs' },
  { view: 'tokens', label: 'Access tokens' },
  { view: 'usage', label: 'Usage' },
  { view: 'audit', label: 'Audit log' },
  { view: 'settings', label: 'Settings' },
];

export function AppShell() {
  const [view, setView] = useState<View>('keys');
  const busy = useVault((s) => s.busy);

  useEffect(() => {
    void settingsStore.getState().load();
  }, []);

  // A clicked notification asks main to show a screen (app:navigate).
  useEffect(() => services.on.appNavigate(({ screen }) => setView(screen)), []);

  // After a screen change, focus its heading so keyboard and screen-reader users start there.
  const main = useRef<HTMLElement>(null);
  const firstView = useRef(true);
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [view]);

  const current = view === 'deleted' ? 'keys' : view;
  return (
    <div className="shell">
      <header className="shell-header">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          AIKey Wallet
        </p>
        <nav aria-label="Main" className="shell-nav">
          {NAV.map(({ view: target, label }) => (
            <button
              key={target}
              type="button"
              className="nav-link"
              aria-current={current === target ? 'page' : undefined}
              onClick={() => setView(target)}
            >
              {label}
            </button>
          ))}
        </nav>
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => void vaultStore.getState().lock()}
        >
          Lock
        </button>
      </header>
      <main className="shell-main" ref={main}>
        {view === 'keys' && (
          <KeysScreen onShowDeleted={() => setView('deleted')} onShowImport={() => setView('import')} />
        )}
        {view === 'import' && <ImportScreen />}
        {view === 'deleted' && <DeletedKeysScreen onBack={() => setView('keys')} />}
        {view === 'hubs' && <HubsScreen />}
        {view === 'tokens' && <TokensScreen onOpenSettings={() => setView('settings')} />}
        {view === 'usage' && <UsageScreen />}
        {view === 'audit' && <AuditScreen />}
        {view === 'settings' && <SettingsScreen />}
      </main>
      <ApprovalPromptDialog />
    </div>
  );
}
