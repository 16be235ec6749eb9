// Every team-hub sync scenario, for the one test file per hub backend (PGlite, PostgreSQL).
import type { HubEnv } from './harness.js';
import { hostileHubScenarios } from './hostile-hub-scenarios.js';
import { inFlightScenarios } from './in-flight-scenarios.js';
import { keyTrustScenarios } from './key-trust-scenarios.js';
import { removalAndRotationScenarios } from './removal-and-rotation-scenarios.js';
import { sameNameScenarios } from './same-name-scenarios.js';
import { syncScenarios } from './scenarios.js';

export function everySyncScenario(env: () => HubEnv): void {
  keyTrustScenarios(env);
  inFlightScenarios(env);
  removalAndRotationScenarios(env);
  sameNameScenarios(env);
  syncScenarios(env);
  hostileHubScenarios(env);
}
