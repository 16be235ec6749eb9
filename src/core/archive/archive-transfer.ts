// Between the key store and an export archive. Exporting reads every live key through
// KeyStore.reveal, so each one leaves an audit entry; importing an archive goes through the same
// plan as any import (a stored value is skipped, a taken name gets a suffix), into the hub of the
// same name when this vault has one, else the hub the user chose, else Personal.
import type { Actor } from '../audit/audit-log.js';
import type { KeyStore } from '../keys/key-store.js';
import type { ImportCandidate } from '../import/import-plan.js';
import type { ArchivedKey } from './key-archive.js';

export function exportKeys(keys: KeyStore, actor: Actor): ArchivedKey[] {
  return keys.list().map((key) => ({
    hub: key.hubName,
    provider: key.provider,
    name: key.name,
    secret: keys.reveal(key.id, actor),
    notes: key.notes,
    baseUrl: key.baseUrl,
    expiresAt: key.expiresAt,
  }));
}

/** `hub`: the hub the user named with --hub; otherwise each key goes to its own hub's namesake. */
export function candidatesFromArchive(
  keys: KeyStore,
  archived: readonly ArchivedKey[],
  file: string,
  hub: { id: string; name: string } | null,
): ImportCandidate[] {
  return archived.map((key, index) => {
    const namesake = hub === null ? keys.hubByRef(key.hub) : null;
    return {
      path: file,
      line: null,
      variable: `keys[${index}]`,
      value: key.secret,
      label: key.name,
      provider: key.provider,
      name: key.name,
      ...(hub ? { hub } : namesake ? { hub: { id: namesake.id, name: namesake.name } } : {}),
      baseUrl: key.baseUrl,
      content: { notes: key.notes, baseUrl: key.baseUrl, expiresAt: key.expiresAt },
      source: {
        kind: 'archive',
        location: 'aikey-export',
        tool: 'aikey export',
        replaceable: false,
        advice: 'Delete the archive once the keys are in, or keep it somewhere safe.',
      },
    };
  });
}
