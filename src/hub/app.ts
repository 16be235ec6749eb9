// The hub's HTTP API (the contract is src/shared/hub-api.ts). Every body is capped, parsed as JSON
// and checked by zod before a store function runs; every failure is {"error":{"code","message"}}.
// Logs name the route pattern, status and duration only: never a token, an id secret, a device
// name or a ciphertext, and never the raw URL.
import { Hono, type Context, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BlankEnv } from 'hono/types';
import { streamSSE } from 'hono/streaming';
import {
  ApproveRequestSchema,
  BatchPushRequestSchema,
  HUB_BODY_LIMITS,
  HubIdSchema,
  InviteCreateRequestSchema,
  ItemIdSchema,
  JoinRequestSchema,
  KeyBootstrapRequestSchema,
  MemberIdSchema,
  PullQuerySchema,
  PushRequestSchema,
  RotateRequestSchema,
} from '#shared/hub-api.js';
import { AuthThrottle, type AuthThrottleOptions } from './auth-throttle.js';
import { HubError } from './errors.js';
import type { LiveEvents } from './events.js';
import { bearerToken, errorResponse, parseWith, readJson } from './http.js';
import { hubCursor, type StoreContext } from './store/context.js';
import { pull, push, pushBatch, rotate } from './store/items.js';
import {
  approve,
  authenticate,
  bootstrapKey,
  listMembers,
  myKeys,
  removeMember,
  type Caller,
} from './store/members.js';
import { createInvite, join } from './store/teams.js';

const HEARTBEAT_MS = 15_000;

export interface AppOptions {
  store: StoreContext;
  events: LiveEvents;
  version: string;
  log: (line: string) => void;
  /** Registers a way to end an open event stream when the server closes. */
  trackStream: (end: () => void) => () => void;
  authThrottle?: AuthThrottleOptions;
}

function limit(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      // The rest of the body is never read, so this connection cannot carry another request.
      c.header('Connection', 'close');
      return errorResponse(c, new HubError('payload_too_large', `The body is larger than ${maxSize} bytes.`));
    },
  });
}

function maxBodyFor(path: string): number {
  if (path.endsWith('/rotate')) return HUB_BODY_LIMITS.rotate;
  if (path.endsWith('/items:batch')) return HUB_BODY_LIMITS.batch;
  return HUB_BODY_LIMITS.default;
}

export function createHubApp(options: AppOptions): Hono {
  const { store, events, log } = options;
  const app = new Hono();

  const hubIdOf = (c: Context): string => {
    const parsed = HubIdSchema.safeParse(c.req.param('hubId'));
    if (!parsed.success) throw new HubError('not_found', 'No such hub.');
    return parsed.data;
  };
  const throttle = new AuthThrottle(options.authThrottle);
  const callerOf = (c: Context): Promise<Caller> =>
    throttle.guard(c, () => authenticate(store, hubIdOf(c), bearerToken(c)));
  const memberParam = (c: Context): string => {
    const parsed = MemberIdSchema.safeParse(c.req.param('memberId'));
    if (!parsed.success) throw new HubError('not_found', 'No such member in this hub.');
    return parsed.data;
  };

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    log(`${c.req.method} ${c.req.routePath} ${c.res.status} ${ms}ms`);
  });
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.use('*', async (c, next: Next) => {
    // The limit reads a chunked body before any route: a client that cuts it off or sends a broken
    // chunk made a bad request, not the hub an internal error.
    let reachedRoute = false;
    try {
      return await limit(maxBodyFor(c.req.path))(c as Context<BlankEnv, string>, () => {
        reachedRoute = true;
        return next();
      });
    } catch (error) {
      if (reachedRoute) throw error;
      throw new HubError('invalid_request', 'The request body could not be read.');
    }
  });

  app.get('/health', (c) => c.json({ status: 'ok' as const, version: options.version }));

  app.post('/v1/hubs/:hubId/join', async (c) => {
    const hubId = hubIdOf(c);
    const body = await readJson(c, JoinRequestSchema);
    return c.json(await throttle.guard(c, () => join(store, hubId, body)));
  });

  app.get('/v1/hubs/:hubId/members', async (c) => c.json(await listMembers(store, await callerOf(c))));

  app.post('/v1/hubs/:hubId/members/:memberId/approve', async (c) => {
    const caller = await callerOf(c);
    const body = await readJson(c, ApproveRequestSchema);
    return c.json({ member: await approve(store, caller, memberParam(c), body) });
  });

  app.delete('/v1/hubs/:hubId/members/:memberId', async (c) => {
    const caller = await callerOf(c);
    return c.json(await removeMember(store, caller, memberParam(c)));
  });

  app.post('/v1/hubs/:hubId/invites', async (c) => {
    const caller = await callerOf(c);
    // Role first: a member learns it may not invite even if its body is wrong.
    if (caller.role === 'member') throw new HubError('forbidden', 'Only an admin or the owner may invite.');
    return c.json(await createInvite(store, caller, await readJson(c, InviteCreateRequestSchema)));
  });

  app.post('/v1/hubs/:hubId/keys', async (c) => {
    const caller = await callerOf(c);
    const currentKeyVersion = await bootstrapKey(store, caller, await readJson(c, KeyBootstrapRequestSchema));
    return c.json({ currentKeyVersion });
  });

  app.get('/v1/hubs/:hubId/keys/mine', async (c) => c.json(await myKeys(store, await callerOf(c))));

  app.get('/v1/hubs/:hubId/items', async (c) => {
    const caller = await callerOf(c);
    return c.json(await pull(store, caller, parseWith(PullQuerySchema, c.req.query())));
  });

  app.put('/v1/hubs/:hubId/items/:itemId', async (c) => {
    const caller = await callerOf(c);
    const itemId = parseWith(ItemIdSchema, c.req.param('itemId'));
    return c.json(await push(store, caller, itemId, await readJson(c, PushRequestSchema)));
  });

  app.post('/v1/hubs/:hubId/:op{items:batch}', async (c) => {
    const caller = await callerOf(c);
    return c.json({ results: await pushBatch(store, caller, await readJson(c, BatchPushRequestSchema)) });
  });

  app.post('/v1/hubs/:hubId/rotate', async (c) => {
    const caller = await callerOf(c);
    return c.json(await rotate(store, caller, await readJson(c, RotateRequestSchema)));
  });

  app.get('/v1/hubs/:hubId/events', async (c) => {
    const caller = await callerOf(c);
    const seq = await hubCursor(store, caller.hubId);
    return streamSSE(c, async (stream) => {
      let finish = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      let writes: Promise<unknown> = stream.writeSSE({ event: 'ready', data: JSON.stringify({ seq }) });
      const send = (event: string, data: unknown) => {
        writes = writes.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(finish);
      };
      const untrack = options.trackStream(finish);
      const unsubscribe = events.subscribe(caller.hubId, (event) => {
        send('change', event);
        if (event.kind !== 'member') return;
        // A removed member's open stream ends at the membership change that removed it.
        // A database hiccup is not a removal: only a refused token ends the stream this way.
        authenticate(store, caller.hubId, bearerToken(c)).catch((error: unknown) => {
          if (!(error instanceof HubError) || error.status !== 401) return;
          send('removed', {});
          writes = writes.then(finish);
        });
      });
      const heartbeat = setInterval(() => {
        writes = writes.then(() => stream.write(': heartbeat\n\n')).catch(finish);
      }, HEARTBEAT_MS);
      stream.onAbort(finish);
      try {
        await finished;
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
        untrack();
        await writes.catch(() => undefined);
        await stream.close();
      }
    });
  });

  app.notFound((c) => errorResponse(c, new HubError('not_found', 'No such route.')));
  app.onError((error, c) => {
    if (error instanceof HubError) return errorResponse(c, error);
    // Only the error's class and database code: messages of driver errors can quote row values.
    const code = (error as { code?: unknown }).code;
    log(
      `internal error on ${c.req.method} ${c.req.routePath}: ${error.name}${typeof code === 'string' ? ` ${code}` : ''}`,
    );
    return errorResponse(c, new HubError('internal', 'The hub could not complete this request.'));
  });
  return app;
}
