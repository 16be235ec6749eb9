// The merge rules of team-hub sync, one branch at a time, without a hub or a vault: what a push
// sends, what a pull applies, and how a 409 is settled so that no edit is lost and no delete is undone.
import { describe, expect, it } from 'vitest';
import type { HubItem } from '#shared/hub-api.js';
import type { ItemPayload } from '#core/sync/local-items.js';
import {
  cursorAfterOwnWrites,
  cutPage,
  decideConflict,
  decideOutgoing,
  decidePulled,
  type RemoteContent,
  keepsName,
} from '#core/sync/merge.js';

const ID = '6f1c2a4e-0b7d-4c39-9a51-3e2f8d7c6b5a';

function payload(secret: string, name = 'shared'): ItemPayload {
  return { provider: 'anthropic', name, secret, notes: null, baseUrl: null, expiresAt: null };
}

function item(fields: Partial<HubItem> = {}): HubItem {
  return {
    id: ID,
    revision: 3,
    keyVersion: 1,
    deleted: false,
    updatedAt: 0,
    updatedBy: 'memberbbbbbb',
    seq: 10,
    ciphertext: 'AAAA',
    ...fields,
  };
}

const seen = (revision: number, deleted = false) => ({ revision, keyVersion: 1, deleted });
const live = (p: ItemPayload) => (): RemoteContent => ({ kind: 'live', payload: p });
const tombstone = (): RemoteContent => ({ kind: 'tombstone' });
const neverOpened = (): RemoteContent => {
  throw new Error('opened an item that should have been settled without opening it');
};

describe('what a push sends for an outbox entry', () => {
  it('a new key goes out against revision 0, an edited one against the revision last seen', () => {
    const mine = payload('new');
    expect(
      decideOutgoing({ queued: 'upsert', known: null, local: { payload: mine, deleted: false } }),
    ).toEqual({
      kind: 'send',
      op: 'upsert',
      baseRevision: 0,
      payload: mine,
    });
    expect(
      decideOutgoing({ queued: 'upsert', known: seen(4), local: { payload: mine, deleted: false } }),
    ).toMatchObject({ kind: 'send', op: 'upsert', baseRevision: 4 });
  });

  it('a deleted key goes out as a tombstone, whether the entry or the local row says so', () => {
    const tombstoneAt4 = { kind: 'send', op: 'delete', baseRevision: 4, payload: null };
    expect(decideOutgoing({ queued: 'delete', known: seen(4), local: null })).toEqual(tombstoneAt4);
    expect(
      decideOutgoing({ queued: 'upsert', known: seen(4), local: { payload: payload('x'), deleted: true } }),
    ).toEqual(tombstoneAt4);
    expect(decideOutgoing({ queued: 'upsert', known: seen(4), local: null })).toEqual(tombstoneAt4);
  });

  it('a delete of something the hub never had, or already deleted, sends nothing', () => {
    expect(decideOutgoing({ queued: 'delete', known: null, local: null })).toEqual({ kind: 'drop' });
    expect(decideOutgoing({ queued: 'delete', known: seen(5, true), local: null })).toEqual({ kind: 'drop' });
  });

  it('deletes never resurrect: an edit or restore of a tombstoned id is reissued under a new id', () => {
    const restored = payload('restored');
    expect(
      decideOutgoing({
        queued: 'upsert',
        known: seen(5, true),
        local: { payload: restored, deleted: false },
      }),
    ).toEqual({ kind: 'reissue', payload: restored });
  });
});

describe('what a pull does with an item', () => {
  it('remote newer: its content is applied and its revision recorded', () => {
    const theirs = payload('theirs');
    expect(
      decidePulled({ item: item({ revision: 4 }), known: seen(3), queued: null, open: live(theirs) }),
    ).toEqual({
      kind: 'apply',
      payload: theirs,
      state: { revision: 4, keyVersion: 1, deleted: false },
    });
    expect(decidePulled({ item: item(), known: null, queued: null, open: live(theirs) })).toMatchObject({
      kind: 'apply',
    });
  });

  it('local edit pending: the item waits for the push, whose 409 settles it (nothing is opened)', () => {
    for (const queued of ['upsert', 'delete'] as const)
      expect(
        decidePulled({ item: item({ revision: 9 }), known: seen(3), queued, open: neverOpened }),
      ).toEqual({
        kind: 'skip',
      });
  });

  it('a revision already seen (our own write read back) is skipped unopened', () => {
    expect(decidePulled({ item: item(), known: seen(3), queued: null, open: neverOpened })).toEqual({
      kind: 'skip',
    });
  });

  it('a tombstone removes the local copy and is remembered as deleted', () => {
    expect(
      decidePulled({
        item: item({ revision: 4, deleted: true }),
        known: seen(3),
        queued: null,
        open: tombstone,
      }),
    ).toEqual({ kind: 'purge', state: { revision: 4, keyVersion: 1, deleted: true } });
  });

  it('a lower revision is a rollback: reported, never opened, never applied', () => {
    const decision = decidePulled({
      item: item({ revision: 2 }),
      known: seen(3),
      queued: null,
      open: neverOpened,
    });
    expect(decision).toEqual({
      kind: 'refuse',
      finding: {
        kind: 'rollback',
        itemId: ID,
        detail: `Item ${ID} came back at revision 2 after revision 3; the newer copy is kept.`,
      },
    });
  });

  it('deletes never resurrect: a live revision of a tombstoned item is refused', () => {
    const decision = decidePulled({
      item: item({ revision: 7 }),
      known: seen(5, true),
      queued: null,
      open: neverOpened,
    });
    expect(decision).toMatchObject({ kind: 'refuse', finding: { kind: 'rollback', itemId: ID } });
    expect(decision.kind === 'refuse' && decision.finding.detail).toMatch(
      /came back to life .* stays deleted/,
    );
  });

  it('an item that does not open is reported as tampered and the local copy kept', () => {
    const decision = decidePulled({
      item: item({ revision: 4 }),
      known: seen(3),
      queued: null,
      open: () => ({ kind: 'unusable', why: 'does not open: it was altered or replayed' }),
    });
    expect(decision).toEqual({
      kind: 'refuse',
      finding: {
        kind: 'tampered',
        itemId: ID,
        detail: `Item ${ID} revision 4 does not open: it was altered or replayed; the local copy is kept.`,
      },
    });
  });
});

describe('how a 409 is settled', () => {
  const upsert = { id: ID, op: 'upsert' } as const;
  const remove = { id: ID, op: 'delete' } as const;
  const mine = payload('mine');
  const theirs = payload('theirs');
  const current = item({ revision: 4, updatedBy: 'memberaaaaaa' });
  const currentState = { revision: 4, keyVersion: 1, deleted: false };

  it('stale edit against a newer edit: theirs wins in place, mine becomes a conflict copy', () => {
    expect(
      decideConflict({
        write: upsert,
        known: seen(3),
        current,
        local: { payload: mine, deleted: false },
        open: live(theirs),
      }),
    ).toEqual({
      kind: 'settle',
      finding: null,
      local: { kind: 'apply', payload: theirs },
      state: currentState,
      outbox: 'dequeue',
      copy: { payload: mine, author: { kind: 'this-device' } },
    });
  });

  it('a write that did land (the same content comes back) settles without a copy', () => {
    expect(
      decideConflict({
        write: upsert,
        known: seen(3),
        current,
        local: { payload: mine, deleted: false },
        open: live(payload('mine')),
      }),
    ).toMatchObject({ kind: 'settle', local: { kind: 'apply' }, outbox: 'dequeue', copy: null });
  });

  it('tombstone vs edit: the tombstone wins and the edit lives on as a copy', () => {
    expect(
      decideConflict({
        write: upsert,
        known: seen(3),
        current: { ...current, deleted: true },
        local: { payload: mine, deleted: false },
        open: tombstone,
      }),
    ).toEqual({
      kind: 'settle',
      finding: null,
      local: { kind: 'purge' },
      state: { ...currentState, deleted: true },
      outbox: 'dequeue',
      copy: { payload: mine, author: { kind: 'this-device' } },
    });
  });

  it('edit vs delete: our tombstone goes out again next round, their edit is kept as their copy', () => {
    expect(
      decideConflict({ write: remove, known: seen(3), current, local: null, open: live(theirs) }),
    ).toEqual({
      kind: 'settle',
      finding: null,
      local: { kind: 'keep' },
      state: currentState,
      outbox: 'keep',
      copy: { payload: theirs, author: { kind: 'member', memberId: 'memberaaaaaa' } },
    });
  });

  it('delete against a delete: settled, the entry dropped unless changed since it was sent', () => {
    expect(
      decideConflict({
        write: remove,
        known: seen(3),
        current: { ...current, deleted: true },
        local: null,
        open: tombstone,
      }),
    ).toMatchObject({ kind: 'settle', local: { kind: 'keep' }, outbox: 'dequeue-sent', copy: null });
  });

  it('a key deleted here while its edit was in flight: the delete goes out next, nothing is copied', () => {
    const deletedHere = { payload: mine, deleted: true };
    expect(
      decideConflict({ write: upsert, known: seen(3), current, local: deletedHere, open: live(theirs) }),
    ).toMatchObject({
      kind: 'settle',
      local: { kind: 'keep' },
      state: currentState,
      outbox: 'keep',
      copy: null,
    });
    expect(
      decideConflict({
        write: upsert,
        known: seen(3),
        current: { ...current, deleted: true },
        local: deletedHere,
        open: tombstone,
      }),
    ).toMatchObject({ kind: 'settle', local: { kind: 'purge' }, outbox: 'dequeue', copy: null });
  });

  it('the hub lost the item: reported as a rollback, forgotten, and an edit is sent again from scratch', () => {
    expect(
      decideConflict({ write: upsert, known: seen(3), current: null, local: null, open: neverOpened }),
    ).toEqual({
      kind: 'settle',
      finding: {
        kind: 'rollback',
        itemId: ID,
        detail: `Item ${ID} (revision 3) is missing from the hub; it is sent again.`,
      },
      local: { kind: 'keep' },
      state: 'forget',
      outbox: 'keep',
      copy: null,
    });
    expect(
      decideConflict({ write: remove, known: null, current: null, local: null, open: neverOpened }),
    ).toMatchObject({ kind: 'settle', finding: null, state: 'forget', outbox: 'dequeue-sent' });
  });

  it('an answer that cannot be trusted (rolled back, revived or tampered) settles nothing', () => {
    expect(
      decideConflict({
        write: upsert,
        known: seen(5),
        current,
        local: { payload: mine, deleted: false },
        open: neverOpened,
      }),
    ).toMatchObject({ kind: 'refuse', finding: { kind: 'rollback' } });
    expect(
      decideConflict({ write: upsert, known: seen(3, true), current, local: null, open: neverOpened }),
    ).toMatchObject({ kind: 'refuse', finding: { kind: 'rollback' } });
    expect(
      decideConflict({
        write: remove,
        known: seen(3),
        current,
        local: null,
        open: () => ({ kind: 'unusable', why: 'is a tombstone with a payload' }),
      }),
    ).toMatchObject({ kind: 'refuse', finding: { kind: 'tampered', itemId: ID } });
  });
});

describe('two live items with one name', () => {
  it('exactly one keeps the name, and both sides of a clash agree which', () => {
    const [low, high] = ['3f0c0a', '9b217c'];
    expect(keepsName(low, high)).toBe('incoming');
    expect(keepsName(high, low)).toBe('local');
  });
});

describe('where pulling resumes', () => {
  it('skips over our own writes that follow the cursor without a gap', () => {
    expect(cursorAfterOwnWrites(10, [12, 11, 13])).toBe(13);
    expect(cursorAfterOwnWrites(10, [11, 13])).toBe(11);
    expect(cursorAfterOwnWrites(10, [12])).toBe(10);
    expect(cursorAfterOwnWrites(10, [])).toBe(10);
  });

  it('never passes an item sealed under a hub key this device lacks', () => {
    const page = [item({ seq: 11 }), item({ seq: 12, keyVersion: 2 }), item({ seq: 13 })];
    const hasV1 = (v: number) => v === 1;
    expect(cutPage(page, 10, 13, () => true)).toEqual({ usable: page, cursor: 13, held: null });
    expect(cutPage(page, 10, 13, hasV1)).toEqual({ usable: [page[0]], cursor: 11, held: page[1] });
    expect(cutPage(page.slice(1), 11, 13, hasV1)).toEqual({ usable: [], cursor: 11, held: page[1] });
  });
});
