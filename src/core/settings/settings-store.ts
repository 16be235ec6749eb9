// The wallet's preferences in <dataDir>/settings.json (0600). They hold no secret, so they are read
// while the vault is locked: auto-lock and the endpoint need them before any unlock. A damaged or
// hand-edited file must never stop the app: it is reported once and replaced by the defaults. A bad
// change is refused with InvalidInput and leaves both the file and the live values untouched.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '#shared/schemas/settings.js';
import { writeFileDurably } from '../vault/files.js';
import { ensurePrivateDir } from '../vault/paths.js';
import { parseInput } from '../validation.js';

export type SettingsListener = (next: Settings, previous: Settings) => void;

export interface SettingsStoreOptions {
  dataDir: string;
  /** Told when settings.json could not be read and the defaults replaced it (never its contents). */
  onDamagedFile?: (reason: string) => void;
}

export class SettingsStore {
  readonly file: string;
  private current: Settings;
  private readonly listeners = new Set<SettingsListener>();

  constructor(private readonly options: SettingsStoreOptions) {
    this.file = join(options.dataDir, 'settings.json');
    this.current = this.load();
  }

  get(): Settings {
    return { ...this.current };
  }

  /** Validates the whole patch first, writes the file, then tells listeners what changed. */
  set(patch: unknown): Settings {
    const parsed: SettingsPatch = parseInput(SettingsPatchSchema, patch);
    const previous = this.current;
    const next = SettingsSchema.parse({ ...previous, ...parsed });
    this.write(next);
    this.current = next;
    for (const listener of this.listeners) listener({ ...next }, { ...previous });
    return { ...next };
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(): Settings {
    if (!existsSync(this.file)) return { ...DEFAULT_SETTINGS };
    let reason: string;
    try {
      const result = SettingsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (result.success) return result.data;
      const issue = result.error.issues[0];
      reason = `settings.json has an invalid value${issue ? ` at ${issue.path.join('.') || 'the top level'}` : ''}`;
    } catch {
      reason = 'settings.json is not readable JSON';
    }
    // Kept aside so a hand edit is not lost; it holds no secret.
    copyFileSync(this.file, `${this.file}.damaged`);
    this.options.onDamagedFile?.(
      `${reason}; the default settings replaced it (old file: settings.json.damaged).`,
    );
    this.write(DEFAULT_SETTINGS);
    return { ...DEFAULT_SETTINGS };
  }

  private write(settings: Settings): void {
    ensurePrivateDir(this.options.dataDir);
    writeFileDurably(this.file, `${JSON.stringify(settings, null, 2)}\n`);
  }
}
