// The placeholder wallet screen until the vault UI lands with the desktop issue. It must stay
// accessible (one landmark, one heading) and must never show or request secrets.
export function App() {
  return (
    <main className="placeholder" aria-labelledby="app-title">
      <h1 id="app-title">AIKey Wallet</h1>
      <p>The vault interface arrives with the desktop issue.</p>
      <p>
        Until then, use the headless wallet from a terminal: <code>npx aikey serve</code>
      </p>
    </main>
  );
}
