// Finds env files (.env, .env.local, .envrc, …) under the folders a scan is given, without entering
// dependency, VCS or build-output folders and without following symbolic links (a link loop or a
// link to / must not turn a scan into a crawl of the disk). Bounded in depth and in entries read.
// Asynchronous, and stops when its signal aborts, so the desktop's "Scan this computer" neither
// blocks its main process nor outlives a Cancel.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'out',
  'build',
  '.next',
  '.nuxt',
  '.turbo',
  '.cache',
  'coverage',
  'target',
  '.venv',
  'venv',
  '__pycache__',
]);
const ENV_FILE = /^\.env(?:\..+)?$|^\.envrc$/;
const MAX_DEPTH = 12;
const MAX_ENTRIES = 200_000;

export async function findEnvFiles(root: string, signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  let budget = MAX_ENTRIES;
  const visit = async (dir: string, depth: number): Promise<void> => {
    signal?.throwIfAborted();
    if (depth > MAX_DEPTH || budget <= 0) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    budget -= entries.length;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      // A linked env file is read (scanner.ts opens only regular files); a linked folder is not entered.
      if ((entry.isFile() || entry.isSymbolicLink()) && ENV_FILE.test(entry.name)) found.push(path);
      else if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await visit(path, depth + 1);
    }
  };
  await visit(root, 0);
  return found;
}
