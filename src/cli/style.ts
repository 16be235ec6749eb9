// Colour for people at a terminal, never for pipes, files or anyone who set NO_COLOR
// (https://no-color.org: any non-empty value) or TERM=dumb. Only words are coloured, never a key.

const CODES = { red: 31, green: 32, yellow: 33, dim: 2 } as const;

export type Colour = keyof typeof CODES;

export function colourOn(stream: { isTTY?: boolean }): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function paint(stream: { isTTY?: boolean }, colour: Colour, text: string): string {
  return colourOn(stream) ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}
