// Electron's clipboard as the desktop's PlatformClipboard: glue only (the clearing rules and the
// markers are decided in src/desktop/clipboard.ts). Electron 45's clipboard.write commits every
// entry of one ClipboardItem atomically, and a raw OS format is named
// `electron application/osclipboard;format="<name>"`, so the text and the concealment markers land
// together: a clipboard manager never sees the text without them.
import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardMarker, PlatformClipboard } from '#desktop/clipboard.js';

const rawFormat = (name: string): string => `electron application/osclipboard;format="${name}"`;

export const electronClipboard: PlatformClipboard = {
  write: (text: string, markers: readonly ClipboardMarker[]) =>
    clipboard.write([
      new ClipboardItem({
        'text/plain': text,
        ...Object.fromEntries(markers.map((m) => [rawFormat(m.format), new Blob([m.data])])),
      }),
    ]),
  readText: () => clipboard.readText(),
  clear: () => clipboard.clear(),
};
