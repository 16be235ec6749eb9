// The audit store over a fake service: filters become the right query and paging stays in range.
import { describe, expect, it } from 'vitest';
import type { AuditQuery } from '#shared/schemas/audit.js';
import { createAuditStore, selectHasNextPage, selectHasPreviousPage } from './audit';

function setup(total: number) {
  const queries: AuditQuery[] = [];
  const list = (query: AuditQuery) => {
    queries.push(query);
    return Promise.resolve({ entries: [], total });
  };
  const store = createAuditStore({ services: { audit: { list } } });
  return { store, queries };
}

describe('audit store', () => {
  it('turns the token filter into the token actor and starts over at the first page', async () => {
    const { store, queries } = setup(120);
    await store.getState().load();
    await store.getState().nextPage();
    await store.getState().setFilters({ tokenName: 'cv-git', result: 'denied' });
    expect(queries.at(-1)).toEqual({
      limit: 50,
      offset: 0,
      actorType: 'token',
      actorName: 'cv-git',
      result: 'denied',
    });
    await store.getState().setFilters({ tokenName: undefined, keyId: 'k1', action: 'key.reveal' });
    expect(queries.at(-1)).toEqual({
      limit: 50,
      offset: 0,
      result: 'denied',
      keyId: 'k1',
      action: 'key.reveal',
    });
  });

  it('pages forward to the last page and back, and no further', async () => {
    const { store, queries } = setup(120);
    await store.getState().load();
    expect(selectHasPreviousPage(store.getState())).toBe(false);
    await store.getState().nextPage();
    await store.getState().nextPage();
    expect(selectHasNextPage(store.getState())).toBe(false);
    await store.getState().nextPage();
    expect(queries.map((q) => q.offset)).toEqual([0, 50, 100]);
    await store.getState().previousPage();
    expect(store.getState().offset).toBe(50);
  });
});
