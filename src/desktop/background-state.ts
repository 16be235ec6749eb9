// What the desktop remembers between runs about itself, not about the user's preferences: for now
// only that the first-close notice was shown. A small JSON file beside settings.json (mode 0600);
// a damaged or missing file means "not shown yet", never a crash. Holds no secret.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const StateSchema = z.object({ closeNoticeShown: z.boolean().default(false) });

export class BackgroundState {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'desktop-state.json');
  }

  closeNoticeShown(): boolean {
    return this.read().closeNoticeShown;
  }

  markCloseNoticeShown(): void {
    writeFileSync(this.file, JSON.stringify({ ...this.read(), closeNoticeShown: true }), { mode: 0o600 });
  }

  private read(): z.infer<typeof StateSchema> {
    if (!existsSync(this.file)) return { closeNoticeShown: false };
    try {
      return StateSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return { closeNoticeShown: false };
    }
  }
}
