// Starts a team hub: storage (PGlite in dataDir, in memory without one, or PostgreSQL at
// databaseUrl), migrations, the LISTEN that feeds live events, and the HTTP server on 127.0.0.1
// unless told otherwise. The process keeps no hub state, so any number of them may share one
// PostgreSQL. Logs go through `log` and never carry a token, a secret, a name or a ciphertext;
// the database URL (it may hold a password) is never logged.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { encodeInviteCode } from '#shared/hub-protocol.js';
import { createHubApp } from './app.js';
import type { AuthThrottleOptions } from './auth-throttle.js';
import { openStorage } from './db/database.js';
import { LiveEvents } from './events.js';
import type { StoreContext } from './store/context.js';
import { createTeam, type CreatedTeam } from './store/teams.js';

export const DEFAULT_HUB_PORT = 47822;
export const HUB_VERSION = '0.1.0';
const CLOSE_GRACE_MS = 2_000;

export interface HubOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** 0 picks a free port; default 47822. */
  port?: number;
  /** Default 127.0.0.1. In a container the hub binds every interface and compose publishes it on the host's loopback. */
  host?: string;
  log?: (line: string) => void;
  /** For tests that need to expire invites. */
  now?: () => number;
  /** Failed authentications per client address before 429 (default 20 a minute). */
  authThrottle?: AuthThrottleOptions;
}

export interface TeamInvite extends CreatedTeam {
  /** The one-time owner invite code, embedding `url` (default: this hub's own URL). */
  inviteCode: string;
}

export interface RunningHub {
  url: string;
  port: number;
  storage: 'pglite' | 'postgres';
  /** What `aikey-hub init` does, on this running hub (PGlite allows one process per data dir). */
  createTeam(name: string, options?: { url?: string }): Promise<TeamInvite>;
  close(): Promise<void>;
}

export function teamInvite(team: CreatedTeam, url: string): TeamInvite {
  const inviteCode = encodeInviteCode({
    u: url,
    h: team.hubId,
    i: team.inviteId,
    s: team.inviteSecret,
    f: null,
  });
  return { ...team, inviteCode };
}

export async function startHub(options: HubOptions = {}): Promise<RunningHub> {
  const log = options.log ?? ((line: string) => process.stderr.write(`aikey-hub: ${line}\n`));
  const storage = await openStorage({ dataDir: options.dataDir, databaseUrl: options.databaseUrl, log });
  const store: StoreContext = { db: storage.db, now: options.now ?? Date.now };
  const events = new LiveEvents();
  const streams = new Set<() => void>();
  try {
    await storage.listen((payload) => events.deliver(payload));
  } catch (error) {
    await storage.close();
    throw error;
  }
  let closing: Promise<void> | null = null;
  const app = createHubApp({
    store,
    events,
    version: HUB_VERSION,
    log,
    ...(options.authThrottle ? { authThrottle: options.authThrottle } : {}),
    trackStream: (end) => {
      // A stream opened while the hub closes (a wallet reconnecting) ends at once, or close() would wait on it.
      if (closing) {
        end();
        return () => {};
      }
      streams.add(end);
      return () => streams.delete(end);
    },
  });
  const host = options.host ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const server = serve(
        { fetch: app.fetch, port: options.port ?? DEFAULT_HUB_PORT, hostname: host },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      );
      server.once('error', reject);
    },
  ).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  if ('headersTimeout' in server) {
    server.headersTimeout = 10_000;
    server.requestTimeout = 120_000;
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`listening on ${url} (${storage.kind})`);

  return {
    url,
    port,
    storage: storage.kind,
    createTeam: async (name, teamOptions = {}) =>
      teamInvite(await createTeam(store, name), teamOptions.url ?? url),
    close: () => {
      closing ??= (async () => {
        for (const end of [...streams]) end();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
          // Requests still running after a grace period are cut rather than keeping the hub up.
          setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, CLOSE_GRACE_MS).unref();
        });
        await storage.close();
      })();
      return closing;
    },
  };
}
