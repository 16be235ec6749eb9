// Black-box tests of sealed items over HTTP, on PGlite and on PostgreSQL: cursor pulls,
// compare-and-swap pushes with 409 + the current item, tombstones that never come back, batches,
// and key rotation that applies completely or not at all.
import { expect, it } from 'vitest';
import { HubItemSchema, MyKeysResponseSchema, PullResponseSchema, type HubItem } from '#shared/hub-api.js';
import type { HubFixture } from '../backends.js';
import {
  addMember,
  call,
  newItemId,
  randomCiphertext,
  randomSignature,
  randomWrap,
  type Membership,
} from '../hub-client.js';

export function itemsSuite(fx: () => HubFixture): void {
  const put = (hubId: string, who: Membership, id: string, body: Record<string, unknown>) =>
    call(fx().base, 'PUT', `/v1/hubs/${hubId}/items/${id}`, {
      token: who.token,
      body: { deleted: false, keyVersion: 1, ciphertext: randomCiphertext(), ...body },
    });
  const pullAll = async (hubId: string, who: Membership, since = 0, limit = 500) => {
    const res = await call(fx().base, 'GET', `/v1/hubs/${hubId}/items?since=${since}&limit=${limit}`, {
      token: who.token,
    });
    expect(res.status).toBe(200);
    return PullResponseSchema.parse(res.json);
  };

  it('push then pull by cursor, in pages; an update comes back with a higher seq', async () => {
    const { hubId, owner } = await fx().newTeam();
    const member = await addMember(fx().base, hubId, owner, 'member');
    const ids = [newItemId(), newItemId(), newItemId()];
    const sent = new Map<string, string>();
    for (const id of ids) {
      const ciphertext = randomCiphertext();
      sent.set(id, ciphertext);
      expect((await put(hubId, owner, id, { baseRevision: 0, ciphertext })).json).toMatchObject({
        revision: 1,
      });
    }
    const first = await pullAll(hubId, member, 0, 2);
    expect(first.more).toBe(true);
    expect(first.items.map((i) => i.id)).toEqual(ids.slice(0, 2));
    const second = await pullAll(hubId, member, first.cursor, 2);
    expect([second.more, second.items.map((i) => i.id)]).toEqual([false, ids.slice(2)]);
    expect(second.items[0]).toMatchObject({
      ciphertext: sent.get(ids[2] ?? ''),
      revision: 1,
      deleted: false,
      updatedBy: owner.memberId,
    });
    expect(await pullAll(hubId, member, second.cursor)).toEqual({
      items: [],
      cursor: second.cursor,
      more: false,
    });

    const edit = randomCiphertext();
    expect(
      (await put(hubId, member, ids[0] ?? '', { baseRevision: 1, ciphertext: edit })).json,
    ).toMatchObject({ revision: 2 });
    const changed = await pullAll(hubId, owner, second.cursor);
    expect(changed.items).toHaveLength(1);
    expect(changed.items[0]).toMatchObject({
      id: ids[0],
      revision: 2,
      ciphertext: edit,
      updatedBy: member.memberId,
    });
    expect(changed.cursor).toBeGreaterThan(second.cursor);
  });

  it('a stale push gets 409 conflict with the current item, and changes nothing', async () => {
    const { hubId, owner } = await fx().newTeam();
    const member = await addMember(fx().base, hubId, owner, 'member');
    const id = newItemId();
    await put(hubId, owner, id, { baseRevision: 0 });
    const winner = randomCiphertext();
    await put(hubId, member, id, { baseRevision: 1, ciphertext: winner });
    for (const baseRevision of [0, 1, 5]) {
      const stale = await put(hubId, owner, id, { baseRevision });
      expect([stale.status, stale.json.error?.code]).toEqual([409, 'conflict']);
      expect(HubItemSchema.parse(stale.json.current)).toMatchObject({ id, revision: 2, ciphertext: winner });
    }
    const missing = await put(hubId, owner, newItemId(), { baseRevision: 3 });
    expect([missing.status, missing.json.current]).toEqual([409, null]);
    const items = (await pullAll(hubId, owner)).items;
    expect(items.map((i) => [i.id, i.revision, i.ciphertext])).toEqual([[id, 2, winner]]);
  });

  it('a tombstone never resurrects: not by push, batch or a new create with the same id', async () => {
    const { hubId, owner } = await fx().newTeam();
    const id = newItemId();
    await put(hubId, owner, id, { baseRevision: 0 });
    const tomb = await put(hubId, owner, id, { baseRevision: 1, deleted: true });
    expect(tomb.json).toMatchObject({ revision: 2 });
    for (const body of [{ baseRevision: 2 }, { baseRevision: 0 }, { baseRevision: 2, deleted: true }]) {
      const res = await put(hubId, owner, id, body);
      expect([res.status, res.json.error?.code]).toEqual([409, 'conflict']);
      expect(res.json.current).toMatchObject({ id, deleted: true, revision: 2 });
    }
    const batch = await call(fx().base, 'POST', `/v1/hubs/${hubId}/items:batch`, {
      token: owner.token,
      body: {
        items: [{ id, baseRevision: 2, deleted: false, keyVersion: 1, ciphertext: randomCiphertext() }],
      },
    });
    expect(batch.json).toMatchObject({ results: [{ id, status: 'conflict', current: { deleted: true } }] });
    const items = (await pullAll(hubId, owner)).items;
    expect(items.map((i) => [i.id, i.revision, i.deleted])).toEqual([[id, 2, true]]);
  });

  it('batch push: each item CAS-checked on its own, per-item results, 1000 items in one request', async () => {
    const { hubId, owner } = await fx().newTeam();
    const kept = newItemId();
    await put(hubId, owner, kept, { baseRevision: 0 });
    const fresh = Array.from({ length: 999 }, () => ({
      id: newItemId(),
      baseRevision: 0,
      deleted: false,
      keyVersion: 1,
      ciphertext: randomCiphertext(),
    }));
    const res = await call(fx().base, 'POST', `/v1/hubs/${hubId}/items:batch`, {
      token: owner.token,
      body: {
        items: [
          ...fresh,
          { id: kept, baseRevision: 0, deleted: false, keyVersion: 1, ciphertext: randomCiphertext() },
        ],
      },
    });
    expect(res.status).toBe(200);
    const results = (res.json as { results: { id: string; status: string }[] }).results;
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(999);
    expect(results.at(-1)).toMatchObject({ id: kept, status: 'conflict', current: { revision: 1 } });
    const all: HubItem[] = [];
    let cursor = 0;
    for (let more = true; more;) {
      const page = await pullAll(hubId, owner, cursor, 1000);
      all.push(...page.items);
      ({ cursor, more } = page);
    }
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((i) => i.seq)).size).toBe(1000);
  });

  it('rotation is atomic: one stale item and nothing applies; then it re-seals everything under v2', async () => {
    const { base } = fx();
    const { hubId, owner } = await fx().newTeam();
    const path = `/v1/hubs/${hubId}`;
    const stay = await addMember(base, hubId, owner, 'member');
    const gone = await addMember(base, hubId, owner, 'member');
    const ids = [newItemId(), newItemId(), newItemId()];
    for (const id of ids) await put(hubId, owner, id, { baseRevision: 0 });
    const deleted = newItemId();
    await put(hubId, owner, deleted, { baseRevision: 0, deleted: true });
    await call(base, 'DELETE', `${path}/members/${gone.memberId}`, { token: owner.token });
    const before = await pullAll(hubId, owner);
    // Someone edits one item after the admin read it.
    await put(hubId, stay, ids[1] ?? '', { baseRevision: 1 });
    const wrappedKeys = [owner, stay].map((m) => ({
      memberId: m.memberId,
      blob: randomWrap(),
      signature: randomSignature(),
      signedBy: owner.memberId,
    }));
    const resealed = (items: HubItem[]) =>
      items
        .filter((i) => !i.deleted)
        .map((i) => ({ id: i.id, baseRevision: i.revision, ciphertext: randomCiphertext() }));

    const stale = await call(base, 'POST', `${path}/rotate`, {
      token: owner.token,
      body: { keyVersion: 2, wrappedKeys, items: resealed(before.items) },
    });
    expect([stale.status, stale.json.error?.code]).toEqual([409, 'conflict']);
    expect(stale.json.current).toMatchObject({ id: ids[1], revision: 2 });
    const unchanged = await pullAll(hubId, owner);
    expect(unchanged.items.every((i) => i.keyVersion === 1)).toBe(true);
    expect(
      MyKeysResponseSchema.parse((await call(base, 'GET', `${path}/keys/mine`, { token: owner.token })).json)
        .currentKeyVersion,
    ).toBe(1);

    const missingMember = await call(base, 'POST', `${path}/rotate`, {
      token: owner.token,
      body: { keyVersion: 2, wrappedKeys: wrappedKeys.slice(0, 1), items: resealed(unchanged.items) },
    });
    expect([missingMember.status, missingMember.json.error?.code]).toEqual([409, 'member_set_changed']);

    // Every wrap names the rotating member as its signer: a wrap claiming another signer is refused.
    const otherSigner = await call(base, 'POST', `${path}/rotate`, {
      token: owner.token,
      body: {
        keyVersion: 2,
        wrappedKeys: wrappedKeys.map((w) => ({ ...w, signedBy: stay.memberId })),
        items: resealed(unchanged.items),
      },
    });
    expect([otherSigner.status, otherSigner.json.error?.code]).toEqual([400, 'invalid_request']);

    const ok = await call(base, 'POST', `${path}/rotate`, {
      token: owner.token,
      body: { keyVersion: 2, wrappedKeys, items: resealed(unchanged.items) },
    });
    expect(ok.status).toBe(200);
    const after = await pullAll(hubId, stay);
    expect(after.items.filter((i) => !i.deleted).map((i) => i.keyVersion)).toEqual([2, 2, 2]);
    expect(after.items.find((i) => i.id === deleted)).toMatchObject({ deleted: true, revision: 1 });
    const stayKeys = MyKeysResponseSchema.parse(
      (await call(base, 'GET', `${path}/keys/mine`, { token: stay.token })).json,
    );
    expect([stayKeys.currentKeyVersion, stayKeys.keys.map((k) => k.keyVersion)]).toEqual([2, [1, 2]]);
    expect(stayKeys.keys[1]).toMatchObject({
      signature: wrappedKeys[1]?.signature,
      signedBy: owner.memberId,
    });
    // A write sealed under the old key is refused.
    const old = await put(hubId, stay, newItemId(), { baseRevision: 0, keyVersion: 1 });
    expect([old.status, old.json.error?.code, old.json.currentKeyVersion]).toEqual([
      409,
      'key_version_mismatch',
      2,
    ]);
  });
}
