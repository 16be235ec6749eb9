// Starts one harness process (server.ts under tsx, on the same Node as the test runner) for one
// test and stops it afterwards. Options go over stdin rather than argv, so a vault password used for
// setup never shows in a process list. Stopping closes stdin and waits for the harness to clean up.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { HarnessCommand, HarnessRequest } from './options.js';

const ReadySchema = z.object({
  url: z.string(),
  origin: z.string(),
  dataDir: z.string(),
  testSecret: z.string(),
});
const ClipboardSchema = z.object({ text: z.string(), formats: z.record(z.string(), z.string()) });
export type HarnessInfo = z.infer<typeof ReadySchema>;

export interface HarnessProcess extends HarnessInfo {
  /** Tells the harness an OS event, as Electron's powerMonitor would tell main. */
  send(command: HarnessCommand): void;
  /** What the stand-in OS clipboard holds now: the text and its raw formats (hex). */
  clipboard(): Promise<z.infer<typeof ClipboardSchema>>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function spawnHarness(request: HarnessRequest): Promise<HarnessProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'server.ts')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  child.stdin.write(`${JSON.stringify(request)}\n`);

  const lines = createInterface({ input: child.stdout });
  let timer: NodeJS.Timeout | undefined;
  let ready: string;
  try {
    ready = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      exited(child).then(() => {
        throw new Error(`aikey-e2e: the harness exited before it was ready\n${stderr}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('aikey-e2e: the harness did not start in time')),
          START_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const info = ReadySchema.parse(JSON.parse(ready));

  return {
    ...info,
    async clipboard() {
      const response = await fetch(`${info.origin}/__test/clipboard`, {
        headers: { 'x-aikey-harness': info.testSecret },
      });
      return ClipboardSchema.parse(await response.json());
    },
    send(command) {
      child.stdin.write(`${JSON.stringify(command)}\n`);
    },
    async stop() {
      child.stdin.end();
      const done = exited(child);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(killer);
    },
  };
}
