// Opens the hub's storage: embedded PGlite in a data directory (no setup) or PostgreSQL through a
// node-postgres Pool when a URL is given. Migrations from drizzle-hub/ run before anything reads,
// under an advisory lock so several hub processes starting on one PostgreSQL do not race.
// It also owns the LISTEN side of live events; it never logs a connection string (it holds a password).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type HubDb = PgDatabase<PgQueryResultHKT, typeof schema>;
export type HubTx = Parameters<Parameters<HubDb['transaction']>[0]>[0];

/** One channel for every hub; the payload names the hub, so one LISTEN per process is enough. */
export const CHANGES_CHANNEL = 'aikey_hub_changes';
// "aiky" as an int: an arbitrary key that other apps sharing the database are unlikely to use.
const MIGRATION_LOCK = 0x61696b79;

export interface HubStorage {
  kind: 'pglite' | 'postgres';
  db: HubDb;
  /** Calls back with each NOTIFY payload on CHANGES_CHANNEL from any process on this database. */
  listen(onPayload: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** PGlite data directory; omitted (and no databaseUrl) means in memory. */
  dataDir?: string;
  databaseUrl?: string;
  log?: (line: string) => void;
}

export function hubMigrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'drizzle-hub');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The hub migrations folder (drizzle-hub/) was not found.');
}

export async function openStorage(options: StorageOptions): Promise<HubStorage> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.log ?? (() => {}))
    : openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<HubStorage> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const client = await PGlite.create(dataDir ? { dataDir } : {});
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: hubMigrationsFolder() });
  const unlisteners: (() => Promise<void>)[] = [];
  return {
    kind: 'pglite',
    db: db as unknown as HubDb,
    async listen(onPayload) {
      unlisteners.push(await client.listen(CHANGES_CHANNEL, onPayload));
    },
    async close() {
      for (const unlisten of unlisteners) await unlisten();
      await client.close();
    },
  };
}

async function openPostgres(url: string, log: (line: string) => void): Promise<HubStorage> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that drops (server restart) must not crash the hub; the pool replaces it.
  pool.on('error', () => log('postgres: an idle connection was lost'));
  const lockClient = await pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(lockClient, { schema }), { migrationsFolder: hubMigrationsFolder() });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lockClient.release();
  }
  let listener: pg.Client | null = null;
  let closed = false;
  const connectListener = async (onPayload: (payload: string) => void): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload !== undefined) onPayload(message.payload);
    });
    client.on('error', () => {
      log('postgres: the LISTEN connection was lost; reconnecting');
      void client.end().catch(() => undefined);
      if (!closed) setTimeout(() => void connectListener(onPayload).catch(() => undefined), 1000);
    });
    await client.connect();
    await client.query(`listen ${CHANGES_CHANNEL}`);
    listener = client;
  };
  return {
    kind: 'postgres',
    db: drizzlePg(pool, { schema }) as unknown as HubDb,
    listen: connectListener,
    async close() {
      closed = true;
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
