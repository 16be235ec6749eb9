// Two wallets and a hub on embedded PGlite, in one process: the whole sync story end to end.
import { afterAll, beforeAll, describe } from 'vitest';
import { startHubEnv, type HubEnv } from './harness.js';
import { keyTrustScenarios } from './key-trust-scenarios.js';
import { reviewScenarios } from './review-scenarios.js';
import { syncScenarios } from './scenarios.js';

describe('team hub sync on PGlite', () => {
  let env: HubEnv;
  beforeAll(async () => {
    env = await startHubEnv({ kind: 'pglite' });
  });
  afterAll(() => env.close());
  keyTrustScenarios(() => env);
  reviewScenarios(() => env);
  syncScenarios(() => env);
});
