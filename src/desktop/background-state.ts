// What the desktop remembers between runs about itself, not about the user's preferences: for now
// that the first-close notice was shown, and which notifications were already shown (their ids). A small JSON file beside settings.json (mode 0600);
// a damaged or missing file means "not shown yet", never a crash. Holds no secret.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const StateSchema = z.object({
  closeNoticeShown: z.boolean().default(false),
  sentNotices: z.array(z.string().max(300)).default([]),
});

/** Enough for years of expiry and rotation notices; the oldest ids go first. */
const MAX_SENT = 2_000;

export class BackgroundState {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'desktop-state.json');
  }

  closeNoticeShown(): boolean {
    return this.read().closeNoticeShown;
  }

  markCloseNoticeShown(): void {
    this.write({ ...this.read(), closeNoticeShown: true });
  }

  sentNotices(): ReadonlySet<string> {
    return new Set(this.read().sentNotices);
  }

  markNoticesSent(ids: readonly string[]): void {
    const state = this.read();
    this.write({ ...state, sentNotices: [...state.sentNotices, ...ids].slice(-MAX_SENT) });
  }

  private write(state: z.infer<typeof StateSchema>): void {
    writeFileSync(this.file, JSON.stringify(state), { mode: 0o600 });
  }

  private read(): z.infer<typeof StateSchema> {
    if (!existsSync(this.file)) return { closeNoticeShown: false, sentNotices: [] };
    try {
      return StateSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return { closeNoticeShown: false, sentNotices: [] };
    }
  }
}
