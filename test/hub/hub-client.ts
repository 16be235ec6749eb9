// A bare HTTP client for black-box hub tests: devices with real X25519/Ed25519 keys, joins with a
// real proof, and random bytes standing in for ciphertext and wrapped keys (the hub cannot tell;
// wallet-side crypto is tested in test/sync). Also a minimal SSE reader with a bounded wait.
import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { type HubRole, type JoinResponse } from '#shared/hub-api.js';
import { joinProofMessage, memberSignatureMessage } from '#shared/hub-protocol.js';

export interface Reply {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
  text: string;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && headers['Content-Type'] === undefined)
    headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: Reply['json'];
  try {
    json = JSON.parse(text) as Reply['json'];
  } catch {
    json = {};
  }
  return { status: res.status, json, text };
}

export function randomCiphertext(bytes = 120): string {
  return randomBytes(bytes).toString('base64');
}

export function randomWrap(): string {
  return randomBytes(92).toString('base64');
}

/** A signature-shaped value: the hub stores a wrap's signature for wallets to check, it does not check it. */
export function randomSignature(): string {
  return randomBytes(64).toString('base64');
}

export interface Device {
  name: string;
  encPub: string;
  signPub: string;
  signKey: KeyObject;
}

const rawPublic = (key: KeyObject) =>
  key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');

export function newDevice(name: string): Device {
  const enc = generateKeyPairSync('x25519');
  const signing = generateKeyPairSync('ed25519');
  return {
    name,
    encPub: rawPublic(enc.publicKey),
    signPub: rawPublic(signing.publicKey),
    signKey: signing.privateKey,
  };
}

export interface Membership extends JoinResponse {
  device: Device;
  token: string;
}

export function joinBody(hubId: string, invite: { inviteId: string; inviteSecret: string }, device: Device) {
  const proof = createHmac('sha256', Buffer.from(invite.inviteSecret, 'base64url'))
    .update(joinProofMessage(hubId, invite.inviteId, device.encPub, device.signPub))
    .digest('base64');
  return {
    inviteId: invite.inviteId,
    inviteSecret: invite.inviteSecret,
    deviceName: device.name,
    encPub: device.encPub,
    signPub: device.signPub,
    proof,
  };
}

export async function joinHub(
  base: string,
  hubId: string,
  invite: { inviteId: string; inviteSecret: string },
  device: Device,
): Promise<Membership> {
  const res = await call(base, 'POST', `/v1/hubs/${hubId}/join`, { body: joinBody(hubId, invite, device) });
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${res.text}`);
  const joined = res.json as unknown as JoinResponse;
  return { ...joined, device, token: joined.deviceToken };
}

export function signMember(
  signer: Device,
  hubId: string,
  m: { memberId: string; role: HubRole; device: Device },
) {
  const message = memberSignatureMessage({
    hubId,
    memberId: m.memberId,
    role: m.role,
    encPub: m.device.encPub,
    signPub: m.device.signPub,
  });
  return sign(null, Buffer.from(message), signer.signKey).toString('base64');
}

/** The owner joins through the init invite, uploads hub key v1 and signs its own record. */
export async function bootstrapOwner(
  base: string,
  team: { hubId: string; inviteId: string; inviteSecret: string },
) {
  const owner = await joinHub(base, team.hubId, team, newDevice('owner laptop'));
  const path = `/v1/hubs/${team.hubId}`;
  const keys = await call(base, 'POST', `${path}/keys`, {
    token: owner.token,
    body: {
      keyVersion: 1,
      wrappedKeys: [
        {
          memberId: owner.memberId,
          blob: randomWrap(),
          signature: randomSignature(),
          signedBy: owner.memberId,
        },
      ],
    },
  });
  if (keys.status !== 200) throw new Error(`bootstrap failed: ${keys.text}`);
  const signature = signMember(owner.device, team.hubId, owner);
  const approved = await call(base, 'POST', `${path}/members/${owner.memberId}/approve`, {
    token: owner.token,
    body: { signature, signedBy: owner.memberId, wrappedKeys: [] },
  });
  if (approved.status !== 200) throw new Error(`self-sign failed: ${approved.text}`);
  return owner;
}

/** Invite, join and approve (with a wrap of the current key): an active member. */
export async function addMember(
  base: string,
  hubId: string,
  admin: Membership,
  role: 'admin' | 'member',
  keyVersion = 1,
): Promise<Membership> {
  const path = `/v1/hubs/${hubId}`;
  const invite = await call(base, 'POST', `${path}/invites`, { token: admin.token, body: { role } });
  if (invite.status !== 200) throw new Error(`invite failed: ${invite.text}`);
  const member = await joinHub(
    base,
    hubId,
    invite.json as { inviteId: string; inviteSecret: string },
    newDevice(`${role} box`),
  );
  const approved = await call(base, 'POST', `${path}/members/${member.memberId}/approve`, {
    token: admin.token,
    body: {
      signature: signMember(admin.device, hubId, member),
      signedBy: admin.memberId,
      wrappedKeys: [{ keyVersion, blob: randomWrap(), signature: randomSignature() }],
    },
  });
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.text}`);
  return { ...member, status: 'active' };
}

export const newItemId = () => randomUUID();

export interface EventStream {
  /** Resolves with the first event of this name whose data passes `match`; rejects after timeoutMs. */
  next(
    name: string,
    match?: (data: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  close(): void;
}

export async function openEvents(base: string, hubId: string, token: string): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(`${base}/v1/hubs/${hubId}/events`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  const seen: { name: string; data: Record<string, unknown> }[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const name = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = /^data: ?(.*)$/m.exec(block)?.[1];
          if (name && data) seen.push({ name, data: JSON.parse(data) as Record<string, unknown> });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    next: (name, match = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const index = seen.findIndex((e) => e.name === name && match(e.data));
          if (index < 0) return;
          const [event] = seen.splice(index, 1);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(event?.data ?? {});
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${name}" event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => abort.abort(),
  };
}
