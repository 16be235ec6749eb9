// Copying a secret happens in main, not in the page: main reads the key itself (the renderer sends
// only its id), writes it with the platform's "concealed / do not record" markers so clipboard
// managers and Windows clipboard history skip it, and clears it after the user's delay only if the
// clipboard still holds that value (never wiping what the user copied since), and at once on lock
// and on quit. The timer lives in main, so closing the window does not leave a key behind. It knows
// nothing of Electron: src/main passes the platform clipboard in. It keeps only a SHA-256 digest of
// what it wrote, never the value, and never logs.
import { createHash, timingSafeEqual } from 'node:crypto';

/** One raw clipboard format written beside the text. */
export interface ClipboardMarker {
  format: string;
  data: Buffer;
}

/** The OS clipboard, as Electron's clipboard module gives it in the app (a stand-in in tests). */
export interface PlatformClipboard {
  /** Replaces the clipboard with the text and every marker in one atomic write. */
  write(text: string, markers: readonly ClipboardMarker[]): Promise<void>;
  readText(): Promise<string>;
  clear(): void;
}

export interface ClipboardTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const dword = (value: number): Buffer => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(value);
  return data;
};

/**
 * The markers that tell clipboard history, cloud sync and clipboard managers to skip the entry:
 * macOS's nspasteboard.org convention, Windows's documented cloud-clipboard/history formats
 * (presence of the first; DWORD 0 for the others), and KDE's hint, which Klipper, CopyQ and other
 * Linux managers honour.
 */
export function concealmentMarkers(platform: NodeJS.Platform): ClipboardMarker[] {
  if (platform === 'darwin') return [{ format: 'org.nspasteboard.ConcealedType', data: Buffer.alloc(0) }];
  if (platform === 'win32') {
    return [
      { format: 'ExcludeClipboardContentFromMonitorProcessing', data: dword(1) },
      { format: 'CanIncludeInClipboardHistory', data: dword(0) },
      { format: 'CanUploadToCloudClipboard', data: dword(0) },
    ];
  }
  return [{ format: 'x-kde-passwordManagerHint', data: Buffer.from('secret') }];
}

export interface SecretClipboardOptions {
  clipboard: PlatformClipboard;
  platform: NodeJS.Platform;
  /** The user's clipboardClearSeconds, read at each copy so a settings change applies at once. */
  clearSeconds: () => number;
  timers?: ClipboardTimers;
}

const realTimers: ClipboardTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const digestOf = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export class SecretClipboard {
  private readonly timers: ClipboardTimers;
  /** What the last copy wrote (its digest) and its pending clear; null once cleared or replaced. */
  private held: { digest: Buffer; timer: unknown } | null = null;

  constructor(private readonly options: SecretClipboardOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** Writes `secret` concealed; resolves with the seconds until it is cleared. */
  async copy(secret: string): Promise<{ clearsInSeconds: number }> {
    const seconds = this.options.clearSeconds();
    this.forget();
    await this.options.clipboard.write(secret, concealmentMarkers(this.options.platform));
    const digest = digestOf(secret);
    const timer = this.timers.setTimeout(() => void this.clearIfHeld(), seconds * 1000);
    this.held = { digest, timer };
    return { clearsInSeconds: seconds };
  }

  /**
   * Clears now if the clipboard still holds what was copied (lock, quit, or the delay ran out).
   * When the clipboard cannot be read it is cleared anyway: a key left behind is worse than
   * losing whatever was copied after it.
   */
  async clearIfHeld(): Promise<void> {
    const held = this.held;
    if (held === null) return;
    this.forget();
    let current: string | null;
    try {
      current = await this.options.clipboard.readText();
    } catch {
      current = null;
    }
    if (current === null || sameDigest(digestOf(current), held.digest)) this.options.clipboard.clear();
  }

  /** True while a copied secret may still be on the clipboard (for tests and the tray). */
  get holding(): boolean {
    return this.held !== null;
  }

  private forget(): void {
    if (this.held === null) return;
    this.timers.clearTimeout(this.held.timer);
    this.held = null;
  }
}

function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
