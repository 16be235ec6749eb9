// Test doubles for the renderer's stores: key and token summaries and an in-memory keys service whose
// clipboard channels record what main was asked to copy. Used only by *.test.ts; never imported by the app.
import { AikeyError } from '#shared/errors.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import type { AikeyServices } from '../services/services';

export function keySummary(overrides: Partial<KeySummary> & Pick<KeySummary, 'id'>): KeySummary {
  return {
    hubId: 'personal',
    hubName: 'Personal',
    provider: 'anthropic',
    name: 'default',
    masked: 'sk-ant-api03-…a1B2',
    notes: null,
    baseUrl: null,
    expiresAt: null,
    createdAt: 1,
    updatedAt: 1,
    usageCount: 0,
    lastUsedAt: null,
    deletedAt: null,
    previousMasked: null,
    rotatedAt: null,
    ...overrides,
  };
}

export function tokenSummary(
  overrides: Partial<TokenSummary> & Pick<TokenSummary, 'id' | 'name'>,
): TokenSummary {
  return {
    masked: 'aik_…abcd',
    scope: { hubs: null, providers: null, keyNames: null },
    expiresAt: null,
    createdAt: 1,
    regeneratedAt: null,
    lastUsedAt: null,
    useCount: 0,
    revokedAt: null,
    askBeforeUse: false,
    ...overrides,
  };
}

/**
 * A keys + hubs service over an in-memory table, with secrets kept apart from summaries. Lists come
 * in insertion order, paged like main's; the change stamp moves with every write (and `bump`).
 */
export function fakeKeyServices(initial: { key: KeySummary; secret: string }[]) {
  const rows = new Map(initial.map(({ key, secret }) => [key.id, { key, secret }]));
  let writes = 0;
  const find = (id: string) => {
    const row = rows.get(id);
    if (!row) throw new AikeyError('KeyNotFound', 'No key with that id exists.');
    return row;
  };
  const setDeleted = (id: string, deletedAt: number | null) => {
    const row = find(id);
    writes += 1;
    row.key = { ...row.key, deletedAt };
    return Promise.resolve(row.key);
  };
  /** What main was asked to copy: a key by id, or a one-time text. */
  const copied: ({ id: string } | { text: string })[] = [];
  const services = {
    copied,
    clipboard: {
      copySecret: ({ id }: { id: string }) => {
        find(id);
        copied.push({ id });
        return Promise.resolve({ clearsInSeconds: 30 });
      },
      copyOneTime: ({ text }: { text: string }) => {
        copied.push({ text });
        return Promise.resolve({ clearsInSeconds: 30 });
      },
    },
    hubs: { list: () => Promise.resolve([{ id: 'personal', name: 'Personal', kind: 'personal' as const }]) },
    keys: {
      list: (q: { state?: 'live' | 'deleted'; limit?: number; offset?: number } = {}) => {
        const offset = q.offset ?? 0;
        return Promise.resolve(
          [...rows.values()]
            .map((r) => r.key)
            .filter((k) => (q.state === 'deleted' ? k.deletedAt !== null : k.deletedAt === null))
            .slice(offset, q.limit === undefined ? undefined : offset + q.limit),
        );
      },
      changes: () => Promise.resolve({ stamp: `s${writes}` }),
      /** Another process's write: adds a key and moves the stamp. */
      add: (key: KeySummary, secret = 's') => {
        writes += 1;
        rows.set(key.id, { key, secret });
      },
      reveal: ({ id }: { id: string }) => Promise.resolve({ secret: find(id).secret }),
      remove: ({ id }: { id: string }) => setDeleted(id, 1000),
      restore: ({ id }: { id: string }) => setDeleted(id, null),
      purge: ({ id }: { id: string }) => {
        writes += 1;
        rows.delete(id);
        return Promise.resolve(null);
      },
    },
  };
  return services as unknown as Pick<AikeyServices, 'keys' | 'hubs' | 'clipboard'> & {
    keys: { add: typeof services.keys.add };
    copied: typeof copied;
  };
}
