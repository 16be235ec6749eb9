// The stamp behind keys:changes and the keys:changed event (src/desktop/change-watcher.ts), which
// tell an open Keys screen that keys may have changed under it: a team-hub sync pull or the endpoint's usage counts (this connection's writes), the CLI
// (another connection's commits). About a microsecond: it reads two counters, never a row, so the
// stamp can never carry anything from the vault. One watch per vault session, dropped on lock.
import { randomUUID } from 'node:crypto';
import { watchChanges } from '../db/change-watch.js';
import { perSession } from '../db/per-session.js';
import type { VaultSession } from '../vault/vault.js';

const watchOf = perSession(({ sqlite }) => ({
  // The counters restart with each connection, so a session's own prefix keeps the stamp of a new
  // session from matching one a window saw before a lock.
  session: randomUUID().slice(0, 8),
  watch: watchChanges(sqlite),
}));

/** Differs from the last answer whenever the vault's data may have changed since. */
export function vaultChangeStamp(session: VaultSession): string {
  const { session: prefix, watch } = watchOf(session);
  return `${prefix}:${watch.stamp()}`;
}
