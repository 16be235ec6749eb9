// The last scan's findings, kept in the data directory for `aikey import --from-scan`. It records
// where each key is (path, line, variable, location) and never the value or its masked form: the
// import reads the value again from the file, so a key edited since the scan is noticed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AikeyError } from '#shared/errors.js';
import { writeFileDurably } from '../vault/files.js';
import { ensurePrivateDir } from '../vault/paths.js';
import { SavedScanSchema, type Finding, type SavedScan } from './types.js';

export const LAST_SCAN_FILE = 'last-scan.json';

export function saveLastScan(dataDir: string, findings: readonly Finding[], now: number): string {
  ensurePrivateDir(dataDir);
  const saved: SavedScan = {
    format: 'aikey-scan',
    version: 1,
    scannedAt: now,
    findings: findings.map(({ id, path, line, variable, provider, source }) => ({
      id,
      path,
      line,
      variable,
      provider,
      location: source.location,
    })),
  };
  const file = join(dataDir, LAST_SCAN_FILE);
  writeFileDurably(file, `${JSON.stringify(saved, null, 2)}\n`);
  return file;
}

export function loadLastScan(dataDir: string): SavedScan {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LAST_SCAN_FILE), 'utf8');
  } catch {
    throw new AikeyError('InvalidInput', 'There is no saved scan yet. Run `aikey scan` first.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const result = SavedScanSchema.safeParse(parsed);
  if (!result.success) {
    throw new AikeyError('InvalidInput', 'The saved scan is damaged. Run `aikey scan` again.');
  }
  return result.data;
}
