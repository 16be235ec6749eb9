// Small helpers shared by the benchmarks: timing, percentiles and a uniform report line.

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
