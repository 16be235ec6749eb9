// One import, start to finish, for every caller (the CLI today, the desktop's Import screen next):
// gather the candidates from the chosen source, plan, add (unless a dry run), and replace values
// with references when asked. The wallet must be unlocked. Errors are AikeyErrors; nothing here
// prints, prompts or reads argv.
import { readFileSync } from 'node:fs';
import { AikeyError } from '#shared/errors.js';
import type { Actor } from '../audit/audit-log.js';
import { candidatesFromArchive } from '../archive/archive-transfer.js';
import { isArchiveText, openArchive } from '../archive/key-archive.js';
import type { KeyStore } from '../keys/key-store.js';
import type { ScanContext } from '../scan/locations.js';
import { applyImport, planImport, type ImportCandidate, type ImportItem } from './import-plan.js';
import { candidatesFromEnv, candidatesFromFile, candidatesFromScan } from './import-sources.js';
import { replaceSources, type ReplaceReport } from './replace-sources.js';

export type ImportSource =
  | {
      kind: 'file';
      path: string;
      /** Asked only for an encrypted export archive. */ passphrase: () => Promise<string>;
    }
  | { kind: 'scan'; select: readonly number[] | null }
  | { kind: 'env' };

export interface ImportRequest {
  source: ImportSource;
  /** A hub name or id; Personal when left out. */
  hub?: string | undefined;
  dryRun: boolean;
  replace: boolean;
  backup: boolean;
  context: ScanContext;
  dataDir: string;
  now: number;
}

/** What an import did (or, for a dry run, would do); `aikey import --json` prints it. */
export interface ImportOutput {
  dryRun: boolean;
  hub: string;
  items: ImportItem[];
  summary: { added: number; skipped: number; failed: number };
  /** Null without --replace. */
  replace: ReplaceReport | null;
}

function hubOf(keys: KeyStore, ref: string): { id: string; name: string } {
  const hub = keys.hubByRef(ref);
  if (!hub) throw new AikeyError('HubNotFound', 'No hub with that name or id.');
  return { id: hub.id, name: hub.name };
}

async function candidatesFor(keys: KeyStore, request: ImportRequest): Promise<ImportCandidate[]> {
  const { source } = request;
  if (source.kind === 'env') {
    if (request.replace)
      throw new AikeyError('InvalidInput', '--replace rewrites files; --from-env has none.');
    return candidatesFromEnv(request.context.env);
  }
  if (source.kind === 'scan') return candidatesFromScan(request.dataDir, source.select);
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch {
    throw new AikeyError('InvalidInput', 'That file could not be read.');
  }
  if (!isArchiveText(text)) return candidatesFromFile(source.path, request.context);
  if (request.replace) {
    throw new AikeyError(
      'InvalidInput',
      '--replace rewrites the files keys were found in; an export archive is not one.',
    );
  }
  const archived = await openArchive(text, source.passphrase);
  return candidatesFromArchive(keys, archived, source.path, request.hub ? hubOf(keys, request.hub) : null);
}

export async function runImport(
  wallet: { keys: KeyStore; personalHubId: () => string },
  request: ImportRequest,
  actor: Actor,
): Promise<ImportOutput> {
  const hub = hubOf(wallet.keys, request.hub ?? wallet.personalHubId());
  const planned = planImport(wallet.keys, hub, await candidatesFor(wallet.keys, request));
  const items = request.dryRun ? planned.items : applyImport(wallet.keys, planned, actor);
  const replace = request.replace
    ? replaceSources(planned, items, { write: !request.dryRun, backup: request.backup, now: request.now })
    : null;
  const count = (...actions: ImportItem['action'][]) =>
    items.filter((i) => actions.includes(i.action)).length;
  return {
    dryRun: request.dryRun,
    hub: hub.name,
    items,
    summary: { added: count('add', 'added'), skipped: count('skip', 'skipped'), failed: count('failed') },
    replace,
  };
}
