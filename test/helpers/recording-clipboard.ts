// A stand-in for the OS clipboard (not the real one, which these machines and CI do not have): it
// holds what was last written, with every raw format beside the text, and records each write and
// clear, so tests can assert the concealment markers, the clear-only-if-unchanged rule and the
// clear on lock. `userCopies` plays the user copying something else in another program.
import type { ClipboardMarker, PlatformClipboard } from '#desktop/clipboard.js';

export interface ClipboardWrite {
  text: string;
  formats: Record<string, string>;
}

export interface RecordingClipboard extends PlatformClipboard {
  /** The text the clipboard holds now ('' when empty). */
  readonly text: string;
  /** The raw formats beside it now, as hex (empty for plain text another program copied). */
  readonly formats: Record<string, string>;
  readonly writes: readonly ClipboardWrite[];
  readonly clears: number;
  userCopies(text: string): void;
  /** Makes readText fail, like a clipboard another program holds open. */
  unreadable: boolean;
}

export function recordingClipboard(): RecordingClipboard {
  let text = '';
  let formats: Record<string, string> = {};
  const writes: ClipboardWrite[] = [];
  let clears = 0;
  const hex = (markers: readonly ClipboardMarker[]) =>
    Object.fromEntries(markers.map((m) => [m.format, m.data.toString('hex')]));
  return {
    get text() {
      return text;
    },
    get formats() {
      return formats;
    },
    writes,
    get clears() {
      return clears;
    },
    unreadable: false,
    write(value, markers) {
      text = value;
      formats = hex(markers);
      writes.push({ text: value, formats });
      return Promise.resolve();
    },
    readText() {
      return this.unreadable ? Promise.reject(new Error('clipboard busy')) : Promise.resolve(text);
    },
    clear() {
      text = '';
      formats = {};
      clears += 1;
    },
    userCopies(value) {
      text = value;
      formats = {};
    },
  };
}
