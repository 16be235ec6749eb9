// How the CLI prints: plain lines for people, or one JSON document with --json. Errors go to
// stderr; the only thing `aikey get` ever prints to stdout is the key.

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printTable(rows: string[][]): void {
  if (rows.length === 0) return;
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows)
    printLine(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

export function formatTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

/** "30d", "12h", "2w" or an ISO date -> epoch ms. */
export function parseExpiry(text: string, now = Date.now()): number | null {
  const relative = /^(\d+)([hdw])$/.exec(text);
  if (relative) {
    const unit = { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[relative[2] as 'h' | 'd' | 'w'];
    return now + Number(relative[1]) * unit;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : date;
}
