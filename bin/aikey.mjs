#!/usr/bin/env node
// The aikey launcher. It must run on any Node.js a user may have first on PATH and decide before
// the CLI loads: the CLI's native sqlite module crashes older Node.js with a segmentation fault. On
// an older Node.js it hands over to the Node.js this project pins (node_modules/.bin/node, present in
// a clone after `npm ci`); where there is none, it refuses in one line with exit code 15. Only
// syntax and APIs old Node.js understands belong here, and nothing is imported from out/ before the
// check (static imports would load first).
import { launch } from './launcher.mjs';

await launch('aikey', '../out/cli/aikey.mjs', import.meta.url);
