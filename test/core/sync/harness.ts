// Two (or more) wallets and a hub in one test process: a hub on PGlite in a temp dir or on a
// throwaway PostgreSQL, reached through a loopback proxy that a test can turn malicious (rewrite
// the hub's JSON answers), helpers to dump every table of a hub's database, and the small key
// helpers the scenarios share. A test that needs a hub of its own (to dump its database) starts
// one with isolated(); everything else shares one hub per file, each test on a team of its own.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { startHub, type RunningHub } from '#hub/server.js';
import { KeyRows } from '#core/keys/key-rows.js';
import { Memberships } from '#core/sync/state/memberships.js';
import { HubClient } from '#core/sync/sync-client.js';
import type { Wallet } from '#core/wallet.js';
import { unlockedWallet } from '../../helpers/temp-wallet.js';

export type Rewrite = (route: { method: string; path: string; status: number }, body: unknown) => unknown;

/** A loopback proxy in front of the hub; `rewrite` may alter any JSON answer (a malicious hub). */
export class HubProxy {
  rewrite: Rewrite | null = null;
  /** Sees every request body on its way to the hub (what a malicious hub would receive). */
  observe: ((route: { method: string; path: string }, body: string) => void) | null = null;
  url = '';
  private server: Server | null = null;

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer: IncomingMessage) => {
          const json = (answer.headers['content-type'] ?? '').includes('application/json');
          if (!json || !this.rewrite) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            const route = {
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              status: answer.statusCode ?? 502,
            };
            const body = this.rewrite?.(route, JSON.parse(Buffer.concat(chunks).toString('utf8')));
            const text = JSON.stringify(body);
            res.writeHead(route.status, {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(text),
            });
            res.end(text);
          });
        },
      );
      upstream.on('error', () => res.destroy());
      const observe = this.observe;
      if (observe) {
        const sent: Buffer[] = [];
        req.on('data', (c: Buffer) => sent.push(c));
        req.on('end', () =>
          observe(
            { method: req.method ?? 'GET', path: req.url ?? '/' },
            Buffer.concat(sent).toString('utf8'),
          ),
        );
      }
      req.pipe(upstream);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** An honest proxy again: no rewriting, no watching. */
  reset(): void {
    this.rewrite = null;
    this.observe = null;
  }

  /** Cuts every open connection (live streams included), as a network blip would. */
  dropConnections(): void {
    this.server?.closeAllConnections();
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export type Backend = { kind: 'pglite' } | { kind: 'postgres'; url: string };

/** One hub (behind its proxy) shared by the tests of a file; each test makes its own team on it. */
export interface HubEnv {
  hub: RunningHub;
  proxy: HubProxy;
  /** Stops the hub, then returns every row of every table of its database, as text. */
  dumpDatabase(): Promise<string>;
  /** Another hub on the same backend with a database of its own (the caller closes it). */
  isolated(): Promise<HubEnv>;
  close(): Promise<void>;
}

export async function startHubEnv(backend: Backend): Promise<HubEnv> {
  // Not tempDir(): that one is emptied after each test, and this hub outlives them all.
  const root = mkdtempSync(join(tmpdir(), 'aikey-hub-'));
  const dataDir = backend.kind === 'pglite' ? join(root, 'hub') : undefined;
  const hub = await startHub({
    port: 0,
    log: () => {},
    ...(backend.kind === 'postgres' ? { databaseUrl: backend.url } : { dataDir }),
  });
  const proxy = new HubProxy(hub.url);
  await proxy.start();
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      await proxy.close();
      await hub.close();
    })();
    void closed.finally(() => rmSync(root, { recursive: true, force: true }));
    return closed;
  };
  return {
    hub,
    proxy,
    close,
    isolated: async () =>
      startHubEnv(
        backend.kind === 'pglite' ? backend : { kind: 'postgres', url: await newDatabase(backend.url) },
      ),
    async dumpDatabase() {
      await proxy.close();
      await hub.close();
      const dump =
        backend.kind === 'postgres' ? await dumpPostgres(backend.url) : await dumpPglite(dataDir ?? '');
      await close();
      return dump;
    },
  };
}

export interface Team {
  hubId: string;
  /** The owner (A). */
  owner: Wallet;
  /** Approved members, all synced. */
  members: Wallet[];
}

/** A new team hub with an owner and `memberCount` approved members named "Desk B", "Desk C"... */
export async function startTeam(env: HubEnv, memberCount = 1): Promise<Team> {
  const team = await env.hub.createTeam('Team', { url: env.proxy.url });
  const owner = await unlockedWallet();
  await owner.hubs.join(team.inviteCode, { deviceName: 'Laptop A' });
  const members: Wallet[] = [];
  for (let i = 0; i < memberCount; i += 1) {
    const member = await unlockedWallet();
    const invite = await owner.hubs.createInvite(team.hubId, { role: 'member' });
    await member.hubs.join(invite.code, { deviceName: `Desk ${String.fromCharCode(66 + i)}` });
    members.push(member);
  }
  await owner.hubs.sync(team.hubId);
  for (const member of members) await member.hubs.sync(team.hubId);
  return { hubId: team.hubId, owner, members };
}

/** A new, empty database on the PostgreSQL server at `url`; returns its URL. */
async function newDatabase(url: string): Promise<string> {
  const name = `aikey_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}

const TABLES_SQL = `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name`;

async function dumpPglite(dataDir: string): Promise<string> {
  const db = await PGlite.create({ dataDir });
  try {
    const tables = await db.query<{ table_schema: string; table_name: string }>(TABLES_SQL);
    const lines: string[] = [];
    for (const { table_schema, table_name } of tables.rows) {
      const rows = await db.query(`SELECT * FROM "${table_schema}"."${table_name}"`);
      lines.push(
        `${table_name}: ${rows.rows.length} rows`,
        ...rows.rows.map((r) => JSON.stringify(r, textOf)),
      );
    }
    return lines.join('\n');
  } finally {
    await db.close();
  }
}

async function dumpPostgres(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_schema: string; table_name: string }>(TABLES_SQL);
    const lines: string[] = [];
    for (const { table_schema, table_name } of tables.rows) {
      const rows = await client.query(`SELECT * FROM "${table_schema}"."${table_name}"`);
      lines.push(
        `${table_name}: ${rows.rows.length} rows`,
        ...rows.rows.map((r) => JSON.stringify(r, textOf)),
      );
    }
    return lines.join('\n');
  } finally {
    await client.end();
  }
}

/** Byte columns are dumped both as UTF-8 text and base64, so a planted value is found either way. */
function textOf(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array)
    return `${Buffer.from(value).toString('utf8')} ${Buffer.from(value).toString('base64')}`;
  return value;
}

/** Waits for a condition that live sync makes true (polls; never a timing assertion). */
export async function eventually(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A fresh Anthropic-shaped key value. */
export function secret(): string {
  return `sk-ant-api03-${randomBytes(33).toString('base64url')}`;
}

/** A unique key name starting with `label`. */
export function name(label: string): string {
  return `${label} ${randomBytes(4).toString('hex')}`;
}

export function addKey(wallet: Wallet, hubId: string, keyName: string, value: string = secret()) {
  return wallet.keys.create({ hubId, provider: 'anthropic', name: keyName, secret: value });
}

export function live(wallet: Wallet, hubId: string) {
  return wallet.keys.list({ hubId });
}

export function named(wallet: Wallet, hubId: string, keyName: string) {
  return live(wallet, hubId).find((k) => k.name === keyName);
}

/** The wallet's membership store, for reading or resetting what a sync left behind. */
export function membershipsOf(wallet: Wallet): Memberships {
  const session = () => wallet.vault.session();
  return new Memberships(session, new KeyRows(session));
}

/** A hub client with the wallet's own device token, to talk to the hub as that wallet does. */
export function client(wallet: Wallet, hubId: string): HubClient {
  const memberships = membershipsOf(wallet);
  return new HubClient(memberships.get(hubId).hubUrl, hubId, memberships.deviceToken(hubId));
}
