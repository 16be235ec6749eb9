// The frame for the screens shown before the vault opens (first run, recovery key, unlock): one
// centred card under the app's name, one main landmark.
import type { ReactNode } from 'react';

export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-page">
      <p className="brand" aria-hidden="true">
        <span className="brand-mark">◆</span> AIKey Wallet
      </p>
      <main className="auth-card">{children}</main>
    </div>
  );
}
