#!/usr/bin/env node
// The aikey-hub launcher: the same Node.js check as bin/aikey.mjs, then the bundled team hub
// (out/hub/aikey-hub.mjs). DATABASE_URL selects PostgreSQL; it stays in the environment, never argv.
import { launch } from './launcher.mjs';

await launch('aikey-hub', '../out/hub/aikey-hub.mjs', import.meta.url);
