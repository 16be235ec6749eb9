// SQLite's own failures, named for people. Every edge (the CLI, the endpoint, the IPC router) passes
// unknown errors through here, so a damaged page is VaultCorrupt wherever it is met, and a write lock
// that stayed taken past the busy wait is VaultBusy ("try again"), never "failed unexpectedly".
import { AikeyError } from '#shared/errors.js';

const CORRUPT = /^SQLITE_(CORRUPT|NOTADB)/;
const BUSY = /^SQLITE_(BUSY|LOCKED)/;

/** The AikeyError a SQLite failure means, or null when it is not one of those. */
export function storageFailure(error: unknown): AikeyError | null {
  if (error instanceof AikeyError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (CORRUPT.test(code)) {
    return new AikeyError(
      'VaultCorrupt',
      'The vault database is damaged. Restore the newest backup with `aikey restore` (the damaged file is kept).',
      { cause: error },
    );
  }
  if (BUSY.test(code)) {
    return new AikeyError('VaultBusy', 'The vault is busy with another write. Try again.', { cause: error });
  }
  return null;
}
