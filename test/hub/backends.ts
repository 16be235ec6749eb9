// Runs one hub test suite against both storage backends: embedded PGlite and a real PostgreSQL that
// this file starts and removes. One hub server per backend per file (PGlite takes seconds to
// start); each test creates its own team hub on it, so tests stay independent. Every log line the
// hub writes is kept, for the tests that grep logs for planted secrets.
import { afterAll, beforeAll, describe } from 'vitest';
import { startHub, type RunningHub, type TeamInvite } from '#hub/server.js';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { bootstrapOwner, type Membership } from './hub-client.js';

export interface HubFixture {
  backend: 'pglite' | 'postgres';
  hub: RunningHub;
  base: string;
  logs: string[];
  /** Milliseconds added to the hub's clock (to expire invites). */
  clock: { offsetMs: number };
  /** Set for the PostgreSQL backend: the URL other hub processes may share. */
  databaseUrl: string | null;
  /** A new team hub with an active, self-signed owner holding hub key v1. */
  newTeam(name?: string): Promise<{ team: TeamInvite; hubId: string; owner: Membership }>;
}

const skipPostgres = skipWithoutPostgres();

export type Backend = HubFixture['backend'];

export function describeOnBackends(
  title: string,
  body: (fixture: () => HubFixture, backend: Backend) => void,
): void {
  for (const backend of ['pglite', 'postgres'] as const) {
    describe.skipIf(backend === 'postgres' && skipPostgres)(`${title} [${backend}]`, () => {
      let fixture: HubFixture | undefined;
      let postgres: TestPostgres | undefined;
      beforeAll(async () => {
        postgres = backend === 'postgres' ? await startPostgres() : undefined;
        const logs: string[] = [];
        const clock = { offsetMs: 0 };
        const hub = await startHub({
          port: 0,
          databaseUrl: postgres?.url,
          log: (line) => logs.push(line),
          now: () => Date.now() + clock.offsetMs,
        });
        fixture = {
          backend,
          hub,
          base: hub.url,
          logs,
          clock,
          databaseUrl: postgres?.url ?? null,
          newTeam: async (name = 'Test team') => {
            const team = await hub.createTeam(name);
            return { team, hubId: team.hubId, owner: await bootstrapOwner(hub.url, team) };
          },
        };
      }, 60_000);
      afterAll(async () => {
        await fixture?.hub.close();
        await postgres?.stop();
      });
      body(() => {
        if (!fixture) throw new Error('hub fixture not started');
        return fixture;
      }, backend);
    });
  }
}
