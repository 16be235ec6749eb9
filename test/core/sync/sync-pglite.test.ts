// Two wallets and a hub on embedded PGlite, in one process: the whole sync story end to end.
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { startHubEnv, type HubEnv } from './harness.js';
import { inFlightScenarios } from './in-flight-scenarios.js';
import { keyTrustScenarios } from './key-trust-scenarios.js';
import { removalAndRotationScenarios } from './removal-and-rotation-scenarios.js';
import { sameNameScenarios } from './same-name-scenarios.js';
import { syncScenarios } from './scenarios.js';

describe('team hub sync on PGlite', () => {
  let env: HubEnv;
  beforeAll(async () => {
    env = await startHubEnv({ kind: 'pglite' });
  });
  afterAll(() => env.close());
  // A test that turned the proxy malicious and failed halfway must not leave it so for the next.
  beforeEach(() => env.proxy.reset());
  keyTrustScenarios(() => env);
  inFlightScenarios(() => env);
  removalAndRotationScenarios(() => env);
  sameNameScenarios(() => env);
  syncScenarios(() => env);
});
