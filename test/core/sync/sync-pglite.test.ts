// Two wallets and a hub on embedded PGlite, in one process: the whole sync story end to end.
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { startHubEnv, type HubEnv } from './harness.js';
import { everySyncScenario } from './all-scenarios.js';

describe('team hub sync on PGlite', () => {
  let env: HubEnv;
  beforeAll(async () => {
    env = await startHubEnv({ kind: 'pglite' });
  });
  afterAll(() => env.close());
  // A test that turned the proxy malicious and failed halfway must not leave it so for the next.
  beforeEach(() => env.proxy.reset());
  everySyncScenario(() => env);
});
