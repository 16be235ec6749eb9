// The harness as a process of its own (run with tsx), one per e2e test: the Playwright worker writes
// the options as one JSON line on stdin, this answers with one JSON line on stdout ({url, dataDir}),
// later lines are HarnessCommands (a system suspend), and it shuts down (endpoint stopped, vault
// locked, data directory removed) when stdin closes, so a crashed test runner never leaves a harness
// behind. It must never print a secret.
import { createInterface } from 'node:readline';
import process from 'node:process';
import { startHarness } from './harness.js';
import { HarnessCommandSchema } from './options.js';

const lines = createInterface({ input: process.stdin });
const first = await new Promise<string>((resolve, reject) => {
  lines.once('line', resolve);
  lines.once('close', () => reject(new Error('aikey-e2e: no harness options on stdin')));
});
const harness = await startHarness(JSON.parse(first) as Parameters<typeof startHarness>[0]);
process.stdout.write(
  `${JSON.stringify({ url: harness.url, origin: harness.origin, dataDir: harness.dataDir, testSecret: harness.testSecret })}\n`,
);

let closing = false;
async function shutDown(): Promise<void> {
  if (closing) return;
  closing = true;
  try {
    await harness.close();
  } finally {
    process.exit(0);
  }
}
lines.on('line', (line) => {
  const { command } = HarnessCommandSchema.parse(JSON.parse(line));
  if (command === 'suspend') harness.desktop.systemSuspended();
});
lines.on('close', () => void shutDown());
process.on('SIGTERM', () => void shutDown());
