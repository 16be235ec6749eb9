// Live events over server-sent events, on PGlite and on PostgreSQL, and the statelessness claim:
// two hub processes on one PostgreSQL, where a push through one raises the event on the other.
// Waits are bounded; nothing here asserts how fast (that is the benchmark's job).
import { expect, it } from 'vitest';
import type { Backend, HubFixture } from '../backends.js';
import { addMember, call, newItemId, openEvents, randomCiphertext } from '../hub-client.js';
import { serveHubProcess } from '../spawn-hub.js';

export function liveSuite(fx: () => HubFixture, backend: Backend): void {
  it('an SSE change event arrives after a push by another member', async () => {
    const { base } = fx();
    const { hubId, owner } = await fx().newTeam();
    const member = await addMember(base, hubId, owner, 'member');
    const events = await openEvents(base, hubId, member.token);
    try {
      const ready = await events.next('ready');
      const res = await call(base, 'PUT', `/v1/hubs/${hubId}/items/${newItemId()}`, {
        token: owner.token,
        body: { baseRevision: 0, deleted: false, keyVersion: 1, ciphertext: randomCiphertext() },
      });
      const { seq } = res.json as { seq: number };
      expect(seq).toBeGreaterThan(ready.seq as number);
      expect(await events.next('change', (e) => e.kind === 'item')).toEqual({ seq, kind: 'item' });
    } finally {
      events.close();
    }
  });

  it('events of another hub never reach this stream; a removed member’s stream ends', async () => {
    const { base } = fx();
    const mine = await fx().newTeam('Mine');
    const other = await fx().newTeam('Other');
    const member = await addMember(base, mine.hubId, mine.owner, 'member');
    const events = await openEvents(base, mine.hubId, member.token);
    try {
      await events.next('ready');
      await call(base, 'PUT', `/v1/hubs/${other.hubId}/items/${newItemId()}`, {
        token: other.owner.token,
        body: { baseRevision: 0, deleted: false, keyVersion: 1, ciphertext: randomCiphertext() },
      });
      await call(base, 'DELETE', `/v1/hubs/${mine.hubId}/members/${member.memberId}`, {
        token: mine.owner.token,
      });
      // The removal is the first change this stream sees: the other hub's push never arrived.
      expect(await events.next('change')).toMatchObject({ kind: 'member' });
      await events.next('removed');
    } finally {
      events.close();
    }
  });

  if (backend === 'postgres') {
    it('two hub processes on one PostgreSQL: a push through hub A raises an SSE event on hub B', async () => {
      const { base: hubA, databaseUrl } = fx();
      const { hubId, owner } = await fx().newTeam('Shared');
      const member = await addMember(hubA, hubId, owner, 'member');
      const hubB = await serveHubProcess([], { DATABASE_URL: databaseUrl ?? '' });
      try {
        const events = await openEvents(hubB.url, hubId, member.token);
        try {
          await events.next('ready');
          const ciphertext = randomCiphertext();
          const pushed = await call(hubA, 'PUT', `/v1/hubs/${hubId}/items/${newItemId()}`, {
            token: owner.token,
            body: { baseRevision: 0, deleted: false, keyVersion: 1, ciphertext },
          });
          expect(pushed.status).toBe(200);
          expect(await events.next('change', (e) => e.kind === 'item')).toEqual({
            seq: (pushed.json as { seq: number }).seq,
            kind: 'item',
          });
          // And hub B serves what hub A stored: no state lives in either process.
          const pulled = await call(hubB.url, 'GET', `/v1/hubs/${hubId}/items`, { token: member.token });
          expect((pulled.json as { items: { ciphertext: string }[] }).items.map((i) => i.ciphertext)).toEqual(
            [ciphertext],
          );
          expect(hubB.output()).not.toContain(ciphertext);
          expect(hubB.output()).not.toContain(member.token);
          expect(hubB.output()).not.toContain(databaseUrl ?? 'no url');
        } finally {
          events.close();
        }
      } finally {
        await hubB.stop();
      }
    });
  }
}
