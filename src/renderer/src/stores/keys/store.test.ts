// The keys store as the Keys screen uses it, over an in-memory service: filter, delete and undo,
// reveal that hides itself, copy that asks main by id (the value never comes to the window), the
// list painted from its first page before the rest arrives, and reloads only when main's stamp moved.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AikeyError } from '#shared/errors.js';
import type { ProviderId } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { fakeKeyServices, keySummary } from '../../testing/fakes';
import { filterKeys, groupRows } from './selectors';
import { FIRST_PAGE } from './list-slice';
import { createKeysStore } from './store';

const visible = (s: { keys: KeySummary[]; search: string; provider: ProviderId | 'all' }) =>
  filterKeys(s.keys, s.search, s.provider);

const SECRET = 'sk-ant-api03-' + 'x'.repeat(40);

function setup() {
  const services = fakeKeyServices([
    { key: keySummary({ id: 'a1', provider: 'anthropic', name: 'default' }), secret: SECRET },
    {
      key: keySummary({ id: 'a2', provider: 'anthropic', name: 'ci', notes: 'used by nightly' }),
      secret: 'sk-ant-2',
    },
    { key: keySummary({ id: 'o1', provider: 'openai', name: 'default' }), secret: 'sk-openai-1' },
    {
      key: keySummary({ id: 't1', hubId: 'team', hubName: 'Team', provider: 'openai', name: 'shared' }),
      secret: 's',
    },
  ]);
  const store = createKeysStore({ services });
  return { store, services };
}

describe('keys store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('groups keys by hub and provider and filters by search text and provider', async () => {
    const { store } = setup();
    await store.getState().load();
    const headers = groupRows(store.getState().keys).filter((r) => r.kind === 'group');
    expect(headers.map((h) => [h.hubName, h.provider, h.count])).toEqual([
      ['Personal', 'anthropic', 2],
      ['Personal', 'openai', 1],
      ['Team', 'openai', 1],
    ]);

    store.getState().setSearch('NIGHTLY');
    expect(visible(store.getState()).map((k) => k.id)).toEqual(['a2']);

    store.getState().setSearch('');
    store.getState().setProvider('openai');
    expect(visible(store.getState()).map((k) => k.id)).toEqual(['o1', 't1']);

    store.getState().setSearch('team');
    expect(visible(store.getState()).map((k) => k.id)).toEqual(['t1']);
  });

  it('deletes a key into Recently deleted and Undo puts it back', async () => {
    const { store } = setup();
    await store.getState().load();
    await store.getState().remove('a1');
    expect(store.getState().keys.map((k) => k.id)).not.toContain('a1');
    expect(store.getState().deleted.map((k) => k.id)).toEqual(['a1']);

    await store.getState().undoDelete();
    expect(store.getState().keys.map((k) => k.id)).toEqual(['a2', 'a1', 'o1', 't1']);
    expect(store.getState().deleted).toEqual([]);
    expect(store.getState().lastDeleted).toBeNull();
  });

  it('purges a deleted key for good', async () => {
    const { store } = setup();
    await store.getState().load();
    await store.getState().remove('o1');
    await store.getState().purge('o1');
    await store.getState().loadDeleted();
    expect(store.getState().deleted).toEqual([]);
    await store.getState().load();
    expect(store.getState().keys.map((k) => k.id)).not.toContain('o1');
  });

  it('hides a revealed key again after the reveal time', async () => {
    const { store } = setup();
    await store.getState().load();
    await store.getState().reveal('a1', 20);
    expect(store.getState().revealed.a1).toBe(SECRET);
    vi.advanceTimersByTime(19_000);
    expect(store.getState().revealed.a1).toBe(SECRET);
    vi.advanceTimersByTime(1_000);
    expect(store.getState().revealed.a1).toBeUndefined();
  });

  it('copies a key by asking main with its id: the value never comes to the window', async () => {
    const { store, services } = setup();
    const reveals = vi.spyOn(services.keys, 'reveal');
    expect(await store.getState().copy('a1')).toBe(30);
    expect(services.copied).toEqual([{ id: 'a1' }]);
    expect(reveals).not.toHaveBeenCalled();
    expect(store.getState().revealed).toEqual({});
  });

  it('hands a one-time value the window shows to main to copy', async () => {
    const { store, services } = setup();
    await store.getState().copyText('aik_live_token_value');
    expect(services.copied).toEqual([{ text: 'aik_live_token_value' }]);
  });

  it('forgets revealed keys and the list on reset', async () => {
    const { store } = setup();
    await store.getState().load();
    await store.getState().reveal('a1', 20);
    store.getState().reset();
    expect(store.getState().revealed).toEqual({});
    expect(store.getState().keys).toEqual([]);
  });

  it('prefetches the list for an unlocked vault, so the Keys screen opens with it', async () => {
    const { store } = setup();
    await store.getState().prefetch();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().keys.map((k) => k.id)).toEqual(['a1', 'a2', 'o1', 't1']);
  });

  it('a prefetch refused by a locked vault leaves the store idle and shows no error', async () => {
    const services = fakeKeyServices([]);
    const locked = { ...services.keys, list: () => Promise.reject(new AikeyError('VaultLocked', 'Locked.')) };
    const store = createKeysStore({ services: { ...services, keys: locked } });
    await store.getState().prefetch();
    expect(store.getState()).toMatchObject({ status: 'idle', error: null, keys: [] });
  });
});

/** More keys than one page, in main's order, and a service whose `rest` page waits for release(). */
function pagedSetup(count = FIRST_PAGE + 250) {
  const ids = Array.from({ length: count }, (_, i) => `k${String(i).padStart(5, '0')}`);
  const services = fakeKeyServices(
    ids.map((id) => ({ key: keySummary({ id, name: `service ${id}` }), secret: 's' })),
  );
  const calls: unknown[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const list: typeof services.keys.list = async (query) => {
    calls.push(query);
    // Main answers at once; the answer is held on its way, so changes made meanwhile miss it.
    const answer = await services.keys.list(query);
    if (query?.offset !== undefined) await gate;
    return answer;
  };
  const store = createKeysStore({
    services: { ...services, keys: { ...services.keys, list } },
  });
  return { store, services, ids, calls, release };
}

describe('keys store, loading a long list', () => {
  it('paints the first page before the rest arrives, then the whole list replaces it', async () => {
    const { store, ids, calls, release } = pagedSetup();
    const loading = store.getState().load();
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
    expect(store.getState().keys.map((k) => k.id)).toEqual(ids.slice(0, FIRST_PAGE));
    expect(store.getState().complete).toBe(false);
    // Until the rest arrives, search covers what is loaded.
    store.getState().setSearch('service k0040');
    expect(visible(store.getState())).toEqual([]);

    release();
    await loading;
    expect(store.getState().complete).toBe(true);
    expect(store.getState().keys.map((k) => k.id)).toEqual(ids);
    expect(visible(store.getState()).map((k) => k.id)).toEqual(ids.slice(400, 410));
    expect(calls).toEqual([{ limit: FIRST_PAGE }, { offset: FIRST_PAGE }]);
  });

  it('a short list is complete after one call', async () => {
    const { store, calls } = pagedSetup(3);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', complete: true });
    expect(store.getState().keys).toHaveLength(3);
    expect(calls).toHaveLength(1);
  });

  it('a lock between the first page and the rest drops everything', async () => {
    const { store, release } = pagedSetup();
    const loading = store.getState().load();
    await vi.waitFor(() => expect(store.getState().keys).toHaveLength(FIRST_PAGE));
    store.getState().reset();
    release();
    await loading;
    expect(store.getState()).toMatchObject({ status: 'idle', complete: false, keys: [] });
  });

  it('keeps a delete made while the rest was on its way', async () => {
    const { store, ids, release } = pagedSetup();
    const loading = store.getState().load();
    await vi.waitFor(() => expect(store.getState().keys).toHaveLength(FIRST_PAGE));
    await store.getState().remove(ids[300]!);
    release();
    await loading;
    expect(store.getState().keys.map((k) => k.id)).toEqual(ids.filter((id) => id !== ids[300]));
  });
});

describe('keys store, live refresh', () => {
  it('reloads only when the stamp moved, once per change event', async () => {
    const { store, services, calls } = pagedSetup(3);
    await store.getState().load();
    calls.length = 0;

    await store.getState().refresh();
    expect(calls).toEqual([]);

    // Another process (the CLI, a team-hub sync pull) adds a key.
    services.keys.add(keySummary({ id: 'cli', provider: 'openai', name: 'from cli' }));
    await store.getState().refresh();
    expect(calls).toEqual([{}]);
    expect(store.getState().keys.map((k) => k.id)).toContain('cli');

    await store.getState().refresh();
    expect(calls).toEqual([{}]);
  });

  it('does not reload over a load still on its way, but checks again once it lands', async () => {
    const { store, services, calls, release } = pagedSetup();
    const loading = store.getState().load();
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
    services.keys.add(keySummary({ id: 'cli', provider: 'openai', name: 'from cli' }));
    // The change event arrives while the rest of the list is still travelling.
    await store.getState().refresh();
    expect(calls).toHaveLength(2);
    release();
    await loading;
    // Main pushes each change once: the store must not wait for another event to show it.
    await vi.waitFor(() => expect(store.getState().keys.map((k) => k.id)).toContain('cli'));
    expect(calls).toHaveLength(3);
  });
});
