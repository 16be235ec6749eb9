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

const two = (n: number) => String(n).padStart(2, '0');

/** A time for people: local date and time with the zone's offset ("UTC" when there is none). */
export function formatTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  const offset = -new Date(ms).getTimezoneOffset();
  const local = new Date(ms + offset * 60_000).toISOString().replace('T', ' ').slice(0, 16);
  if (offset === 0) return `${local} UTC`;
  const sign = offset > 0 ? '+' : '-';
  return `${local} ${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
}

/** Characters that would break a one-line message or hide its text: controls and bidi overrides. */
const UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A message as one printable line, whatever a quoted value held. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** A value the user gave, quoted for a message: escaped, and cut short when long. */
export function quoted(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 40)}…` : value;
  const suffix = value.length > 60 ? ` (${value.length} characters)` : '';
  return `"${oneLine(shown.replace(/["\\]/g, (c) => `\\${c}`))}"${suffix}`;
}
