// The hub's black-box HTTP suite, run whole against embedded PGlite and against a real PostgreSQL
// (started and removed by test/helpers/postgres.ts). One hub server per backend for the whole
// suite keeps it quick; every test creates its own team hub on it.
import { describe } from 'vitest';
import { describeOnBackends } from './backends.js';
import { itemsSuite } from './suites/items.js';
import { liveSuite } from './suites/live.js';
import { membershipSuite } from './suites/membership.js';
import { robustnessSuite } from './suites/robustness.js';

describeOnBackends('hub', (fx, backend) => {
  describe('membership', () => membershipSuite(fx));
  describe('items', () => itemsSuite(fx));
  describe('robustness', () => robustnessSuite(fx));
  describe('live events', () => liveSuite(fx, backend));
});
