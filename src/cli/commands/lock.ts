// `aikey lock`: stops the headless wallet (`aikey serve`) of this data directory, which locks the
// vault as it exits (keys live only in that process); `aikey unlock` is `aikey serve` again. It
// signals only a process it has proved to be that wallet: endpoint.json here names a live pid, the
// endpoint at its URL answers /health with that same pid, and says it is `serve`. It never stops
// the desktop app (which has its own Lock) and never a stranger that reused a stale pid.
import { isProcessAlive, readDiscovery } from '#core/endpoint/discovery.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { endpointGet } from '../client.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';

const STOP_WAIT_MS = 10_000;

const notRunning = (why: string) => new CliError(EXIT.notRunning, 'NotRunning', why);

async function stopped(pid: number, waitMs: number): Promise<boolean> {
  const until = Date.now() + waitMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

export async function lockCommand(options: { json: boolean }): Promise<void> {
  const found = readDiscovery(defaultDataDir());
  if (!found || !isProcessAlive(found.pid)) {
    throw notRunning('No `aikey serve` is running for this data directory; nothing to lock.');
  }
  const { url, pid } = found;
  let health: { pid?: unknown; runner?: unknown };
  try {
    health = await endpointGet({ url }, '/health', false);
  } catch (error) {
    if (error instanceof CliError && error.code === 'NotRunning')
      throw notRunning(`Nothing answers at ${url}, so pid ${pid} was not signalled.`);
    throw error;
  }
  if (health.pid !== pid) {
    throw new CliError(
      EXIT.failure,
      'NotThisWallet',
      `The wallet at ${url} did not confirm it is pid ${pid}, which endpoint.json names; nothing was stopped.`,
    );
  }
  if (health.runner !== 'serve') {
    throw new CliError(
      EXIT.failure,
      'DesktopWallet',
      'The wallet here is the desktop app: lock it there (`aikey lock` stops only `aikey serve`).',
    );
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    throw new CliError(EXIT.failure, 'SignalFailed', `aikey serve (pid ${pid}) could not be signalled.`);
  }
  if (!(await stopped(pid, STOP_WAIT_MS))) {
    throw new CliError(
      EXIT.failure,
      'StillRunning',
      `aikey serve (pid ${pid}) was asked to stop but is still running after ${STOP_WAIT_MS / 1000} s.`,
    );
  }
  if (options.json) printJson({ stopped: true, pid, url });
  else
    printLine(
      `Stopped aikey serve (pid ${pid}): the headless wallet is locked. Unlock with \`aikey unlock\`.`,
    );
}
