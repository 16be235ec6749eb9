// The clipboard as a two-method interface, so the keys store can be tested without a browser and
// the "clear only if it still holds the key" rule is decided in the store, not here.
export interface ClipboardPort {
  writeText(text: string): Promise<void>;
  /** Rejects when the page may not read the clipboard. */
  readText(): Promise<string>;
}

export const browserClipboard: ClipboardPort = {
  writeText: (text) => navigator.clipboard.writeText(text),
  readText: () => navigator.clipboard.readText(),
};

/**
 * Empties the clipboard if it still holds `secret`. When the clipboard cannot be read, it is
 * emptied anyway: a key left behind is worse than losing whatever was copied after it.
 */
export async function clearIfStillHeld(clipboard: ClipboardPort, secret: string): Promise<void> {
  let current: string | null;
  try {
    current = await clipboard.readText();
  } catch {
    current = null;
  }
  if (current === null || current === secret) await clipboard.writeText('').catch(() => undefined);
}
