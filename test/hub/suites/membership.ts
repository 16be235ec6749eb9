// Black-box tests of hub membership over HTTP, on PGlite and on PostgreSQL: invites are single use
// and expire, roles gate who may invite, approve and remove, and a removed device is refused at once.
import { expect, it } from 'vitest';
import { MembersResponseSchema, MyKeysResponseSchema } from '#shared/hub-api.js';
import type { HubFixture } from '../backends.js';
import {
  addMember,
  call,
  joinBody,
  joinHub,
  newDevice,
  randomSignature,
  randomWrap,
  signMember,
} from '../hub-client.js';

export function membershipSuite(fx: () => HubFixture): void {
  it('answers GET /health without a token', async () => {
    const res = await call(fx().base, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok' });
  });

  it('invite -> join (pending, cannot read items) -> approve (active, gets its wrapped key)', async () => {
    const { base } = fx();
    const { hubId, owner } = await fx().newTeam();
    const path = `/v1/hubs/${hubId}`;
    const invite = await call(base, 'POST', `${path}/invites`, {
      token: owner.token,
      body: { role: 'member' },
    });
    expect(invite.status).toBe(200);
    expect(invite.json).toMatchObject({ role: 'member' });
    const device = newDevice('Ada laptop');
    const joined = await joinHub(base, hubId, invite.json as never, device);
    expect(joined).toMatchObject({
      role: 'member',
      status: 'pending',
      hub: { id: hubId, name: 'Test team' },
    });
    expect(joined.token).toMatch(/^ahd_/);

    const blocked = await call(base, 'GET', `${path}/items`, { token: joined.token });
    expect([blocked.status, blocked.json.error?.code]).toEqual([403, 'member_pending']);
    const listed = MembersResponseSchema.parse(
      (await call(base, 'GET', `${path}/members`, { token: joined.token })).json,
    );
    const pending = listed.members.find((m) => m.memberId === joined.memberId);
    expect(pending).toMatchObject({
      status: 'pending',
      encPub: device.encPub,
      signPub: device.signPub,
      invitedBy: owner.memberId,
      signature: null,
    });
    expect(listed.members.find((m) => m.role === 'owner')?.signedBy).toBe(owner.memberId);

    const signature = signMember(owner.device, hubId, joined);
    const [blob, wrapSignature] = [randomWrap(), randomSignature()];
    const approved = await call(base, 'POST', `${path}/members/${joined.memberId}/approve`, {
      token: owner.token,
      body: {
        signature,
        signedBy: owner.memberId,
        wrappedKeys: [{ keyVersion: 1, blob, signature: wrapSignature }],
      },
    });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({
      member: { status: 'active', signature, signedBy: owner.memberId },
    });
    const keys = MyKeysResponseSchema.parse(
      (await call(base, 'GET', `${path}/keys/mine`, { token: joined.token })).json,
    );
    // The wrap comes back with the approver's signature, for the member's wallet to check.
    expect(keys).toEqual({
      currentKeyVersion: 1,
      keys: [{ keyVersion: 1, blob, signature: wrapSignature, signedBy: owner.memberId }],
    });
    expect((await call(base, 'GET', `${path}/items`, { token: joined.token })).status).toBe(200);
  });

  it('an invite works once; a wrong secret or an expired invite is refused and creates nobody', async () => {
    const { base } = fx();
    const { hubId, owner, team } = await fx().newTeam();
    const path = `/v1/hubs/${hubId}`;
    // The owner's init invite was consumed by bootstrap.
    const again = await call(base, 'POST', `${path}/join`, {
      body: joinBody(hubId, team, newDevice('thief')),
    });
    expect([again.status, again.json.error?.code]).toEqual([410, 'invite_used']);

    const invite = (
      await call(base, 'POST', `${path}/invites`, { token: owner.token, body: { role: 'admin' } })
    ).json as {
      inviteId: string;
      inviteSecret: string;
    };
    const wrong = { inviteId: invite.inviteId, inviteSecret: `${invite.inviteSecret.slice(0, -2)}AA` };
    const bad = await call(base, 'POST', `${path}/join`, {
      body: joinBody(hubId, wrong, newDevice('guesser')),
    });
    expect([bad.status, bad.json.error?.code]).toEqual([403, 'invite_invalid']);
    await joinHub(base, hubId, invite, newDevice('first'));
    const second = await call(base, 'POST', `${path}/join`, {
      body: joinBody(hubId, invite, newDevice('second')),
    });
    expect([second.status, second.json.error?.code]).toEqual([410, 'invite_used']);

    const short = (
      await call(base, 'POST', `${path}/invites`, {
        token: owner.token,
        body: { role: 'member', expiresInHours: 1 },
      })
    ).json as { inviteId: string; inviteSecret: string };
    fx().clock.offsetMs = 2 * 3_600_000;
    try {
      const late = await call(base, 'POST', `${path}/join`, {
        body: joinBody(hubId, short, newDevice('late')),
      });
      expect([late.status, late.json.error?.code]).toEqual([410, 'invite_expired']);
    } finally {
      fx().clock.offsetMs = 0;
    }
    const members = MembersResponseSchema.parse(
      (await call(base, 'GET', `${path}/members`, { token: owner.token })).json,
    ).members;
    expect(members.map((m) => m.deviceName).sort()).toEqual(['first', 'owner laptop']);
  });

  it('roles: a member cannot invite, approve, remove or rotate; nobody removes the owner', async () => {
    const { base } = fx();
    const { hubId, owner } = await fx().newTeam();
    const path = `/v1/hubs/${hubId}`;
    const admin = await addMember(base, hubId, owner, 'admin');
    const member = await addMember(base, hubId, owner, 'member');
    const other = await addMember(base, hubId, admin, 'member');
    const denied = [
      await call(base, 'POST', `${path}/invites`, { token: member.token, body: { role: 'member' } }),
      await call(base, 'DELETE', `${path}/members/${other.memberId}`, { token: member.token }),
      await call(base, 'POST', `${path}/members/${other.memberId}/approve`, {
        token: member.token,
        body: {
          signature: signMember(member.device, hubId, other),
          signedBy: member.memberId,
          wrappedKeys: [],
        },
      }),
      await call(base, 'POST', `${path}/rotate`, {
        token: member.token,
        body: {
          keyVersion: 2,
          wrappedKeys: [
            {
              memberId: member.memberId,
              blob: randomWrap(),
              signature: randomSignature(),
              signedBy: member.memberId,
            },
          ],
          items: [],
        },
      }),
      await call(base, 'DELETE', `${path}/members/${owner.memberId}`, { token: admin.token }),
      await call(base, 'DELETE', `${path}/members/${owner.memberId}`, { token: owner.token }),
    ];
    expect(denied.map((r) => [r.status, r.json.error?.code])).toEqual(Array(6).fill([403, 'forbidden']));
    // An admin may invite and remove.
    expect(
      (await call(base, 'POST', `${path}/invites`, { token: admin.token, body: { role: 'member' } })).status,
    ).toBe(200);
    expect(
      (await call(base, 'DELETE', `${path}/members/${other.memberId}`, { token: admin.token })).json,
    ).toEqual({
      memberId: other.memberId,
      status: 'removed',
    });
  });

  it('tokens: missing, forged or from another hub -> 401 unauthorized', async () => {
    const { base } = fx();
    const a = await fx().newTeam('Team A');
    const b = await fx().newTeam('Team B');
    const forged = `${a.owner.token.slice(0, -4)}AAAA`;
    for (const token of [undefined, 'ahd_nope', forged, b.owner.token]) {
      const res = await call(base, 'GET', `/v1/hubs/${a.hubId}/members`, token ? { token } : {});
      expect([res.status, res.json.error?.code]).toEqual([401, 'unauthorized']);
    }
  });

  it('a removed member gets 401 member_removed on every route at once; a member may leave', async () => {
    const { base } = fx();
    const { hubId, owner } = await fx().newTeam();
    const path = `/v1/hubs/${hubId}`;
    const gone = await addMember(base, hubId, owner, 'admin');
    const leaver = await addMember(base, hubId, owner, 'member');
    expect((await call(base, 'GET', `${path}/items`, { token: gone.token })).status).toBe(200);
    expect(
      (await call(base, 'DELETE', `${path}/members/${gone.memberId}`, { token: owner.token })).status,
    ).toBe(200);
    const attempts = [
      call(base, 'GET', `${path}/items`, { token: gone.token }),
      call(base, 'GET', `${path}/members`, { token: gone.token }),
      call(base, 'GET', `${path}/keys/mine`, { token: gone.token }),
      call(base, 'GET', `${path}/events`, { token: gone.token }),
      call(base, 'POST', `${path}/invites`, { token: gone.token, body: { role: 'member' } }),
      call(base, 'PUT', `${path}/items/${crypto.randomUUID()}`, { token: gone.token, body: {} }),
    ];
    for (const res of await Promise.all(attempts))
      expect([res.status, res.json.error?.code]).toEqual([401, 'member_removed']);

    expect(
      (await call(base, 'DELETE', `${path}/members/${leaver.memberId}`, { token: leaver.token })).json,
    ).toEqual({
      memberId: leaver.memberId,
      status: 'left',
    });
    const after = await call(base, 'GET', `${path}/items`, { token: leaver.token });
    expect([after.status, after.json.error?.code]).toEqual([401, 'member_removed']);
    const members = MembersResponseSchema.parse(
      (await call(base, 'GET', `${path}/members`, { token: owner.token })).json,
    ).members;
    expect(
      members
        .filter((m) => m.status !== 'active')
        .map((m) => m.status)
        .sort(),
    ).toEqual(['left', 'removed']);
  });

  it('an invite from a removed admin dies with its membership', async () => {
    const { base } = fx();
    const { hubId, owner } = await fx().newTeam();
    const admin = await addMember(base, hubId, owner, 'admin');
    const invite = (
      await call(base, 'POST', `/v1/hubs/${hubId}/invites`, { token: admin.token, body: { role: 'member' } })
    ).json as {
      inviteId: string;
      inviteSecret: string;
    };
    await call(base, 'DELETE', `/v1/hubs/${hubId}/members/${admin.memberId}`, { token: owner.token });
    const res = await call(base, 'POST', `/v1/hubs/${hubId}/join`, {
      body: joinBody(hubId, invite, newDevice('late guest')),
    });
    expect([res.status, res.json.error?.code]).toEqual([410, 'invite_expired']);
  });
}
