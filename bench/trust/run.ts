// `npm run trust`: the black-box trust suite. Runs each part in turn against one temp world (a vault
// with a planted key, served by `aikey serve`; a PGlite hub), prints its figures, then a summary
// table. Exits 1, with every reason printed, when any part's assertion fails. TRUST_SCALE (0..1]
// shrinks the counts for a quick check; TRUST_SEED changes the seed; TRUST_PARTS=fuzz,leaks runs a
// subset (the leak search is only meaningful after the rest).
import { heading } from '../lib.js';
import { badInput } from './bad-input.js';
import { bruteForce } from './brute-force.js';
import { concurrentWriters } from './concurrency.js';
import { damage } from './damage.js';
import { fuzzEndpoint, fuzzHub } from './fuzz.js';
import { leaks } from './leaks.js';
import { loadAndSoak } from './load.js';
import { sigkillServe, sigkillWrites } from './sigkill.js';
import { createWorld, scaled, trustScale, type PartResult, type TrustWorld } from './world.js';

const SEED = Number(process.env.TRUST_SEED ?? 20_251_129);
const scale = trustScale();
const WATCHDOG_MINUTES = 30;
const only = process.env.TRUST_PARTS?.split(',').map((p) => p.trim());

const parts: [string, (world: TrustWorld) => Promise<PartResult>][] = [
  ['fuzz', (w) => fuzzEndpoint(w, { requests: scaled(2000, 100), seed: SEED })],
  ['fuzz', (w) => fuzzHub(w, { requests: scaled(2000, 100), seed: SEED + 1 })],
  [
    'brute',
    (w) => bruteForce(w, { wrongRequests: scaled(10_000, 200), latencySamples: 200, seed: SEED + 2 }),
  ],
  ['load', (w) => loadAndSoak(w, { requests: scaled(100_000, 2_000), clients: 64 })],
  ['sigkill', (w) => sigkillWrites(w, { kills: scaled(200, 10), seed: SEED + 3 })],
  ['sigkill', (w) => sigkillServe(w, { kills: scaled(20, 3), seed: SEED + 4 })],
  ['concurrency', (w) => concurrentWriters(w, { writers: scaled(50, 8), seed: SEED + 5 })],
  [
    'damage',
    (w) => damage(w, { sampledPages: scaled(100, 5), smallVaultKeys: scaled(30, 3), seed: SEED + 6 }),
  ],
  ['bad-input', (w) => badInput(w, scale < 1 ? { perCommand: scaled(20, 1) } : {})],
  ['leaks', (w) => leaks(w)],
];

const started = performance.now();
console.log(`aikey trust suite: seed ${SEED}, scale ${scale}`);
const world = await createWorld(SEED);
const stop = (code: number) => () => void world.close().finally(() => process.exit(code));
process.once('SIGINT', stop(130));
process.once('SIGTERM', stop(143));
// Every part has its own bounds; this one catches anything they missed.
const watchdog = setTimeout(() => {
  console.log(`\nThe trust suite ran past ${WATCHDOG_MINUTES} minutes: stopping it.`);
  stop(1)();
}, WATCHDOG_MINUTES * 60_000);
const results: PartResult[] = [];
try {
  for (const [name, part] of parts) if (!only || only.includes(name)) results.push(await part(world));
} finally {
  clearTimeout(watchdog);
  await world.close();
}

heading(`Summary (seed ${SEED}, scale ${scale}, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
console.log(`${'result'.padEnd(7)}${'part'.padEnd(27)}${'time'.padStart(8)}  figures`);
for (const r of results) {
  const verdict = r.failures.length === 0 ? 'pass' : 'FAIL';
  console.log(
    `${verdict.padEnd(7)}${r.part.padEnd(27)}${`${r.seconds.toFixed(1)} s`.padStart(8)}  ${r.summary}`,
  );
}
const failures = results.flatMap((r) => r.failures.map((f) => `[${r.part}] ${f}`));
if (failures.length > 0) {
  heading(`${failures.length} failure(s)`);
  for (const f of failures) console.log(f);
  process.exitCode = 1;
}
