// The wallet's HTTP client for one team hub: every request through fetch, every answer parsed with
// the shared zod schemas before the wallet trusts its shape (the hub is not trusted with anything
// else either: contents are checked cryptographically by hub-sync). The device token travels only
// in the Authorization header; it never appears in a URL, an error or a log.
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

/** A refusal from the hub, with its error code; `body` is the parsed JSON (for 409's `current`). */
export class HubRequestError extends AikeyError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number,
    readonly hubCode: HubErrorCode | null,
    readonly body: unknown,
  ) {
    super(code, message);
  }
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
    try {
      const result = await this.call('PUT', `/items/${encodeURIComponent(itemId)}`, PushResponseSchema, body);
      return { status: 'ok', result };
    } catch (error) {
      if (!(error instanceof HubRequestError) || error.status !== 409) throw error;
      if (error.hubCode === 'key_version_mismatch') {
        const parsed = KeyVersionMismatchBodySchema.safeParse(error.body);
        return {
          status: 'key_version',
          currentKeyVersion: parsed.success ? parsed.data.currentKeyVersion : null,
        };
      }
      const parsed = ConflictBodySchema.safeParse(error.body);
      if (!parsed.success) throw error;
      return { status: 'conflict', current: parsed.data.current };
    }
  }

  /**
   * Follows the hub's server-sent events until `signal` aborts or the stream ends; resolves on a
   * clean end, rejects on a failure (the caller reconnects). `onOpen` runs once the stream is up.
   */
  async follow(signal: AbortSignal, onEvent: (event: HubEvent) => void, onOpen: () => void): Promise<void> {
    const response = await this.fetch('GET', '/events', undefined, true, signal, {
      accept: 'text/event-stream',
    });
    if (!response.ok || !response.body) throw await this.failure(response);
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
    const response = await this.fetch(method, path, body, authenticated);
    if (!response.ok) throw await this.failure(response);
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new AikeyError('HubRejected', 'The hub answered with something that is not JSON.');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AikeyError(
        'HubRejected',
        `The hub's answer to ${method} ${routeName(path)} has the wrong shape.`,
      );
    }
    return parsed.data;
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

  private async failure(response: Response): Promise<HubRequestError> {
    let json: unknown = null;
    try {
      json = await response.json();
    } catch {
      // A body that is not JSON still has a status to report.
    }
    const parsed = HubErrorBodySchema.safeParse(json);
    const hubCode = parsed.success ? parsed.data.error.code : null;
    const said = parsed.success ? `: ${parsed.data.error.message.slice(0, 200)}` : '';
    const code: ErrorCode =
      hubCode === 'member_removed'
        ? 'MemberRemoved'
        : hubCode === 'invite_invalid' || hubCode === 'invite_used' || hubCode === 'invite_expired'
          ? 'InvalidInvite'
          : hubCode === 'forbidden'
            ? 'NotHubAdmin'
            : 'HubRejected';
    return new HubRequestError(
      code,
      `The hub refused (${response.status} ${hubCode ?? 'error'})${said}`,
      response.status,
      hubCode,
      json,
    );
  }
}

function routeName(path: string): string {
  return path.split('?')[0] ?? path;
}
