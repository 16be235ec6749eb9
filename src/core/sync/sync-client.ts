// The wallet's HTTP client for one team hub: every request through fetch, every answer parsed with
// the shared zod schemas before the wallet trusts its shape (the hub is not trusted with anything
// else either: contents are checked cryptographically by item sync). This is the one place hub HTTP
// failures are seen: each becomes an AikeyError with its own code (hubErrorFor below), so the rest of
// sync branches on codes only. The device token travels only in the Authorization header; it never
// appears in a URL, an error or a log. Error messages are the wallet's own words: the hub's text is
// never passed on (the hub saw the token, and is not trusted to keep it out of what it says).
import type { z } from 'zod';
import { AikeyError, type ErrorCode } from '#shared/errors.js';
import {
  ApproveResponseSchema,
  BatchPushResponseSchema,
  ConflictBodySchema,
  HubErrorBodySchema,
  HubEventSchema,
  InviteCreateResponseSchema,
  JoinResponseSchema,
  KeyBootstrapResponseSchema,
  KeyVersionMismatchBodySchema,
  MembersResponseSchema,
  MyKeysResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  RemoveResponseSchema,
  RotateResponseSchema,
  type ApproveRequest,
  type BatchPushRequest,
  type HubErrorCode,
  type HubEvent,
  type HubItem,
  type InviteCreateRequest,
  type JoinRequest,
  type KeyBootstrapRequest,
  type PushRequest,
  type PushResponse,
  type RotateRequest,
} from '#shared/hub-api.js';

const REQUEST_TIMEOUT_MS = 30_000;

/** A refusal as the hub sent it; it never leaves this file (callers get hubErrorFor's AikeyError). */
interface HubRefusal {
  status: number;
  hubCode: HubErrorCode | null;
  /** The parsed JSON body, for 409's `current`. */
  body: unknown;
}

const REFUSALS: Record<HubErrorCode, { code: ErrorCode; message: string }> = {
  invalid_request: { code: 'HubRejected', message: 'The hub refused the request as malformed.' },
  unauthorized: { code: 'HubRejected', message: 'The hub does not accept this device’s credentials.' },
  member_removed: { code: 'MemberRemoved', message: 'This device is no longer a member of the hub.' },
  invite_invalid: { code: 'InvalidInvite', message: 'The hub does not accept this invite.' },
  forbidden: { code: 'NotHubAdmin', message: 'The hub refused: this device’s role does not allow that.' },
  member_pending: { code: 'MemberPending', message: 'This device is waiting for an admin to approve it.' },
  not_found: { code: 'HubRejected', message: 'The hub does not know what the request names.' },
  method_not_allowed: { code: 'HubRejected', message: 'The hub does not offer that request.' },
  conflict: { code: 'HubConflict', message: 'An item changed on the hub meanwhile; sync, then try again.' },
  key_version_mismatch: {
    code: 'HubKeyChanged',
    message: 'The hub key was rotated meanwhile; sync, then try again.',
  },
  key_exists: { code: 'HubRejected', message: 'The hub already has a hub key.' },
  member_set_changed: {
    code: 'HubConflict',
    message: 'The hub’s members changed meanwhile; sync, then try again.',
  },
  not_pending: { code: 'HubRejected', message: 'That member is not waiting for approval.' },
  invite_used: { code: 'InvalidInvite', message: 'This invite was already used.' },
  invite_expired: { code: 'InvalidInvite', message: 'This invite has expired.' },
  payload_too_large: { code: 'HubRejected', message: 'The request is too large for the hub.' },
  unsupported_media_type: { code: 'HubRejected', message: 'The hub refused the request’s format.' },
  rate_limited: {
    code: 'HubRejected',
    message: 'The hub refuses requests from this address for a while; try again later.',
  },
  internal: { code: 'HubRejected', message: 'The hub failed while answering.' },
};

/** The error the wallet reports for a hub's refusal: its code, and words that carry no secret. */
function hubErrorFor(refusal: HubRefusal): AikeyError {
  const known = refusal.hubCode === null ? null : REFUSALS[refusal.hubCode];
  return known
    ? new AikeyError(known.code, known.message)
    : new AikeyError('HubRejected', `The hub refused the request (HTTP ${refusal.status}).`);
}

const REFUSAL_CODES: ReadonlySet<ErrorCode> = new Set([
  ...Object.values(REFUSALS).map((r) => r.code),
  'HubRejected',
]);

/** Whether an error from this client is the hub saying no (not a failure to reach or read it). */
export function isHubRefusal(error: unknown): error is AikeyError {
  return error instanceof AikeyError && REFUSAL_CODES.has(error.code);
}

export type PushOutcome =
  | { status: 'ok'; result: PushResponse }
  | { status: 'conflict'; current: HubItem | null }
  | { status: 'key_version'; currentKeyVersion: number | null };

export class HubClient {
  private readonly base: string;

  constructor(
    hubUrl: string,
    private readonly hubId: string,
    private readonly deviceToken: string | null,
  ) {
    this.base = `${hubUrl.replace(/\/+$/, '')}/v1/hubs/${encodeURIComponent(hubId)}`;
  }

  join(body: JoinRequest) {
    return this.call('POST', '/join', JoinResponseSchema, body, false);
  }

  createInvite(body: InviteCreateRequest) {
    return this.call('POST', '/invites', InviteCreateResponseSchema, body);
  }

  members() {
    return this.call('GET', '/members', MembersResponseSchema);
  }

  approve(memberId: string, body: ApproveRequest) {
    return this.call('POST', `/members/${encodeURIComponent(memberId)}/approve`, ApproveResponseSchema, body);
  }

  removeMember(memberId: string) {
    return this.call('DELETE', `/members/${encodeURIComponent(memberId)}`, RemoveResponseSchema);
  }

  bootstrapKey(body: KeyBootstrapRequest) {
    return this.call('POST', '/keys', KeyBootstrapResponseSchema, body);
  }

  myKeys() {
    return this.call('GET', '/keys/mine', MyKeysResponseSchema);
  }

  pull(since: number, limit = 1000) {
    return this.call('GET', `/items?since=${since}&limit=${limit}`, PullResponseSchema);
  }

  batchPush(body: BatchPushRequest) {
    return this.call('POST', '/items:batch', BatchPushResponseSchema, body);
  }

  rotate(body: RotateRequest) {
    return this.call('POST', '/rotate', RotateResponseSchema, body);
  }

  /** A compare-and-swap write: 409s come back as outcomes, everything else throws. */
  async push(itemId: string, body: PushRequest): Promise<PushOutcome> {
    const answer = await this.request(
      'PUT',
      `/items/${encodeURIComponent(itemId)}`,
      PushResponseSchema,
      body,
    );
    if (answer.ok) return { status: 'ok', result: answer.value };
    const { refusal } = answer;
    if (refusal.status === 409 && refusal.hubCode === 'key_version_mismatch') {
      const parsed = KeyVersionMismatchBodySchema.safeParse(refusal.body);
      return {
        status: 'key_version',
        currentKeyVersion: parsed.success ? parsed.data.currentKeyVersion : null,
      };
    }
    const parsed = refusal.status === 409 ? ConflictBodySchema.safeParse(refusal.body) : null;
    if (!parsed?.success) throw hubErrorFor(refusal);
    return { status: 'conflict', current: parsed.data.current };
  }

  /**
   * Follows the hub's server-sent events until `signal` aborts or the stream ends; resolves on a
   * clean end, rejects on a failure (the caller reconnects). `onOpen` runs once the stream is up.
   */
  async follow(signal: AbortSignal, onEvent: (event: HubEvent) => void, onOpen: () => void): Promise<void> {
    const response = await this.fetch('GET', '/events', undefined, true, signal, {
      accept: 'text/event-stream',
    });
    if (!response.ok) throw hubErrorFor(await refusalOf(response));
    if (!response.body) throw new AikeyError('HubBadResponse', 'The hub’s event stream has no body.');
    onOpen();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (data === '') continue;
        try {
          const event = HubEventSchema.safeParse(JSON.parse(data));
          if (event.success) onEvent(event.data);
        } catch {
          // A malformed event is ignored: the next sync reads the truth from the items route.
        }
      }
    }
  }

  private async call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    authenticated = true,
  ): Promise<z.output<S>> {
    const answer = await this.request(method, path, schema, body, authenticated);
    if (!answer.ok) throw hubErrorFor(answer.refusal);
    return answer.value;
  }

  /** The parsed answer, or the hub's refusal; a failure to reach or read the hub throws. */
  private async request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    authenticated = true,
  ): Promise<{ ok: true; value: z.output<S> } | { ok: false; refusal: HubRefusal }> {
    const response = await this.fetch(method, path, body, authenticated);
    if (!response.ok) return { ok: false, refusal: await refusalOf(response) };
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new AikeyError('HubBadResponse', 'The hub answered with something that is not JSON.');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AikeyError(
        'HubBadResponse',
        `The hub's answer to ${method} ${routeName(path)} has the wrong shape.`,
      );
    }
    return { ok: true, value: parsed.data };
  }

  private async fetch(
    method: string,
    path: string,
    body: unknown,
    authenticated: boolean,
    stop?: AbortSignal,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authenticated) {
      if (!this.deviceToken) throw new AikeyError('Internal', 'This hub request needs a device token.');
      headers.authorization = `Bearer ${this.deviceToken}`;
    }
    const payload = body === undefined ? {} : { body: JSON.stringify(body) };
    const send = () =>
      fetch(`${this.base}${path}`, {
        method,
        headers,
        signal: stop ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        ...payload,
      });
    try {
      return await send();
    } catch (first) {
      // A caller that stopped on purpose gets its abort back.
      if (stop?.aborted) throw first;
      // A kept-alive connection the hub already closed fails at once; one retry on a fresh one.
      // Replays are safe: writes are compare-and-swap, and a write that did land comes back as a
      // 409 carrying our own content, which settles without a conflict copy. Joining is never
      // replayed (the invite would be spent on a member whose token we never saw).
      if (!authenticated) throw this.unreachable(first);
      try {
        return await send();
      } catch (cause) {
        if (stop?.aborted) throw cause;
        throw this.unreachable(cause);
      }
    }
  }

  private unreachable(cause: unknown): AikeyError {
    return new AikeyError('HubUnreachable', `The hub for ${this.hubId} could not be reached.`, { cause });
  }
}

async function refusalOf(response: Response): Promise<HubRefusal> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A body that is not JSON still has a status to report.
  }
  const parsed = HubErrorBodySchema.safeParse(body);
  return { status: response.status, hubCode: parsed.success ? parsed.data.error.code : null, body };
}

function routeName(path: string): string {
  return path.split('?')[0] ?? path;
}
