// Small helpers shared by the benchmarks: timing, percentiles and a uniform report line.
import { spawn } from 'node:child_process';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function report(name: string, figure: string, target?: { ok: boolean; text: string }): void {
  const verdict = target ? `  [target ${target.text}: ${target.ok ? 'met' : 'MISSED'}]` : '';
  console.log(`${name.padEnd(58)} ${figure}${verdict}`);
}

export function heading(text: string): void {
  console.log(`\n== ${text}`);
}

/** Median wall time of a whole process (after 3 warm-up runs); fails unless it exits 0 printing `expected`. */
export async function timeCommand(
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  expected: string,
  runs = 25,
): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 3; i += 1) {
    const start = performance.now();
    const { status, stdout, stderr } = await new Promise<{
      status: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('close', (code) => resolve({ status: code, stdout: out, stderr: err }));
    });
    const elapsed = performance.now() - start;
    if (status !== 0 || !stdout.includes(expected)) {
      throw new Error(`${label} failed (exit ${status}): ${stderr.slice(0, 200)}`);
    }
    if (i >= 3) samples.push(elapsed);
  }
  return median(samples);
}
