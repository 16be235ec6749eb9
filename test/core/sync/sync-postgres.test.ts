// The same sync story against a real PostgreSQL that this file starts and removes. Skipped, with
// the reason printed, where a PostgreSQL cluster cannot be started (not root, no binaries).
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { startHubEnv, type HubEnv } from './harness.js';
import { everySyncScenario } from './all-scenarios.js';

describe.skipIf(skipWithoutPostgres())('team hub sync on PostgreSQL', () => {
  let postgres: TestPostgres;
  let env: HubEnv;
  beforeAll(async () => {
    postgres = await startPostgres();
    env = await startHubEnv({ kind: 'postgres', url: postgres.url });
  }, 90_000);
  afterAll(async () => {
    await env?.close();
    await postgres?.stop();
  });
  // A test that turned the proxy malicious and failed halfway must not leave it so for the next.
  beforeEach(() => env.proxy.reset());
  everySyncScenario(() => env);
});
