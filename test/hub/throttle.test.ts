// Guessing device tokens or invite secrets at a hub is slowed to a crawl: past the limit, one
// address's failures answer 429 with Retry-After, while a member holding a valid token keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '#hub/server.js';
import { bootstrapOwner, call, joinBody, newDevice } from './hub-client.js';

describe('hub authentication throttle', () => {
  let hub: RunningHub;

  beforeAll(async () => {
    hub = await startHub({ port: 0, log: () => {}, authThrottle: { maxFailures: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers 429 with Retry-After after repeated bad tokens, while a valid token still works', async () => {
    const team = await hub.createTeam('Throttle team');
    const owner = await bootstrapOwner(hub.url, team);
    const members = `/v1/hubs/${team.hubId}/members`;
    const wrong = `ahd_${owner.memberId}_${'A'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push((await call(hub.url, 'GET', members, { token: wrong })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await fetch(hub.url + members, { headers: { Authorization: `Bearer ${wrong}` } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    const valid = await call(hub.url, 'GET', members, { token: owner.token });
    expect(valid.status).toBe(200);
  });

  it('counts wrong invite secrets the same way', async () => {
    const own = await startHub({
      port: 0,
      log: () => {},
      authThrottle: { maxFailures: 2, windowMs: 60_000 },
    });
    try {
      const team = await own.createTeam('Invite guessing');
      const guess = { inviteId: team.inviteId, inviteSecret: 'A'.repeat(43) };
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await call(own.url, 'POST', `/v1/hubs/${team.hubId}/join`, {
          body: joinBody(team.hubId, guess, newDevice('guesser')),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([403, 403, 429]);
      const owner = await bootstrapOwner(own.url, team);
      expect(owner.memberId).toBeTruthy();
    } finally {
      await own.close();
    }
  });
});
