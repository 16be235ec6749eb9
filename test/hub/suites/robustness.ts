// Malformed input never reaches the store and never yields a 5xx: every route answers a typed JSON
// error. And the hub's logs never carry what passes through it: tokens, invite secrets, device
// names or ciphertext.
import { connect } from 'node:net';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { HubFixture } from '../backends.js';
import { addMember, call, joinBody, newDevice, newItemId, randomCiphertext } from '../hub-client.js';

export function robustnessSuite(fx: () => HubFixture): void {
  it('malformed bodies, queries and ids get 4xx JSON errors, never 5xx', async () => {
    const { base } = fx();
    const { hubId, owner } = await fx().newTeam();
    const path = `/v1/hubs/${hubId}`;
    const item = `${path}/items/${newItemId()}`;
    const routes: [string, string][] = [
      ['POST', `${path}/join`],
      ['POST', `${path}/invites`],
      ['POST', `${path}/keys`],
      ['POST', `${path}/members/${owner.memberId}/approve`],
      ['PUT', item],
      ['POST', `${path}/items:batch`],
      ['POST', `${path}/rotate`],
    ];
    const bodies = [
      '',
      '{',
      'null',
      '[]',
      '"text"',
      '{"baseRevision":-1,"ciphertext":"AAAA","deleted":false,"keyVersion":1}',
      '{"baseRevision":0,"ciphertext":"not base64!","deleted":false,"keyVersion":1}',
      '{"items":[]}',
      '{"role":"owner"}',
      '{"keyVersion":1,"wrappedKeys":[{"memberId":"x","blob":"AAAA"}]}',
      JSON.stringify({
        items: Array(2).fill({
          id: newItemId(),
          baseRevision: 0,
          deleted: false,
          keyVersion: 1,
          ciphertext: 'AAAA',
        }),
      }),
    ];
    for (const [method, route] of routes) {
      for (const raw of bodies) {
        const res = await call(base, method, route, { token: owner.token, raw });
        expect(res.status, `${method} ${route} ${raw}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${route} ${raw}`).toBeLessThan(500);
        expect(res.json.error?.code).toMatch(/^[a-z_]+$/);
      }
      const wrongType = await call(base, method, route, {
        token: owner.token,
        raw: '{}',
        headers: { 'Content-Type': 'text/plain' },
      });
      expect(wrongType.status).toBe(415);
    }
    for (const query of ['since=-1', 'since=abc', 'limit=0', 'limit=100000', 'since=1e400', 'x=1']) {
      const res = await call(base, 'GET', `${path}/items?${query}`, { token: owner.token });
      expect([res.status, res.json.error?.code]).toEqual([400, 'invalid_request']);
    }
    for (const [method, route] of [
      ['PUT', `${path}/items/not-a-uuid`],
      ['GET', '/v1/hubs/NOT_A_HUB/items'],
      ['DELETE', `${path}/members/..%2F..`],
      ['GET', '/v2/anything'],
    ] as const) {
      const res = await call(base, method, route, {
        token: owner.token,
        ...(method === 'GET' ? {} : { body: {} }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('bodies over the cap get 413 payload_too_large', async () => {
    const { hubId, owner } = await fx().newTeam();
    const res = await call(fx().base, 'PUT', `/v1/hubs/${hubId}/items/${newItemId()}`, {
      token: owner.token,
      raw: JSON.stringify({
        baseRevision: 0,
        deleted: false,
        keyVersion: 1,
        ciphertext: 'A'.repeat(300_000),
      }),
    });
    expect([res.status, res.json.error?.code]).toEqual([413, 'payload_too_large']);
  });

  it('a chunked body cut off mid-stream is a 400, not an internal error', async () => {
    const { base, logs } = fx();
    const { hubId } = await fx().newTeam();
    const { port } = new URL(base);
    const path = `/v1/hubs/${hubId}/items:batch`;
    const from = logs.length;
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => {
        socket.end(
          `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
            'Transfer-Encoding: chunked\r\n\r\nff\r\n{"items":',
        );
      });
      socket.on('data', () => undefined);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
    await expect.poll(() => logs.slice(from).join('\n')).toMatch(/POST \/\* 400 /);
    expect(logs.slice(from).join('\n')).not.toMatch(/internal error| 5\d\d /);
  });

  it('random JSON on the push route is a 4xx, never a 5xx (property)', async () => {
    const { hubId, owner } = await fx().newTeam();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await call(fx().base, 'PUT', `/v1/hubs/${hubId}/items/${newItemId()}`, {
          token: owner.token,
          raw: JSON.stringify(value),
        });
        return res.status >= 400 && res.status < 500;
      }),
      { numRuns: 40 },
    );
  });

  it('logs never contain a token, an invite secret, a device name or a ciphertext', async () => {
    const { base, logs } = fx();
    // Only this test's lines count: earlier tests on the same hub must not make up the numbers.
    const from = logs.length;
    const { hubId, owner, team } = await fx().newTeam('Planted Team Name');
    const member = await addMember(base, hubId, owner, 'member');
    const planted = randomCiphertext(200);
    const id = newItemId();
    await call(base, 'PUT', `/v1/hubs/${hubId}/items/${id}`, {
      token: member.token,
      body: { baseRevision: 0, deleted: false, keyVersion: 1, ciphertext: planted },
    });
    await call(base, 'PUT', `/v1/hubs/${hubId}/items/${id}`, {
      token: owner.token,
      body: { baseRevision: 0, deleted: false, keyVersion: 1, ciphertext: planted },
    });
    const guest = newDevice('Planted Device Name');
    await call(base, 'POST', `/v1/hubs/${hubId}/join`, { body: joinBody(hubId, team, guest) });
    await call(base, 'POST', `/v1/hubs/${hubId}/join`, {
      raw: `{"deviceName":"Planted Device Name","ciphertext":"${planted}"`,
    });
    const mine = logs.slice(from);
    const text = mine.join('\n');
    expect(mine.length).toBeGreaterThan(5);
    for (const secret of [
      owner.token,
      member.token,
      team.inviteSecret,
      planted,
      'Planted Device Name',
      'Planted Team Name',
      member.device.encPub,
      id,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
}
