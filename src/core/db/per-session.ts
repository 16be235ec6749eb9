// Prepared statements for hot paths, built once per vault session. Building a drizzle query costs
// ~0.4 ms; a prepared one runs in ~0.02 ms. They are cached on the session object itself, so a lock
// (which drops the session) drops them with it, and the next unlock prepares fresh ones.
import type { VaultSession } from '../vault/vault.js';

export function perSession<T>(build: (session: VaultSession) => T): (session: VaultSession) => T {
  const cache = new WeakMap<VaultSession, T>();
  return (session) => {
    let value = cache.get(session);
    if (value === undefined) {
      value = build(session);
      cache.set(session, value);
    }
    return value;
  };
}
