// `import --replace`, after the keys are in the vault: each env file gets its values swapped for
// references (env-rewrite.ts does the bytes), and every other source is listed with what to do by
// hand, since shell history or another tool's store cannot hold a reference. Only items whose key
// is now in the vault (added, or already there) are touched: a failed add leaves its file alone.
import type { ImportItem, PlannedImport } from './import-plan.js';
import { replaceInEnvFile, type EnvReplacement, type EnvRewrite } from './env-rewrite.js';

export interface ManualStep {
  path: string | null;
  line: number | null;
  variable: string;
  tool: string;
  advice: string;
}

export interface ReplaceReport {
  rewritten: (Omit<EnvRewrite, 'replaced' | 'missed'> & {
    replaced: Omit<EnvReplacement, 'secret'>[];
    missed: Omit<EnvReplacement, 'secret'>[];
  })[];
  manual: ManualStep[];
}

const inVaultNow = (item: ImportItem) =>
  item.reference !== null &&
  (item.action === 'added' || item.reason === 'already-in-vault' || item.reason === 'duplicate');

const withoutSecret = ({ secret: _secret, ...rest }: EnvReplacement) => rest;

/** What --replace would do or did; `write: false` is the dry run. */
export function replaceSources(
  planned: PlannedImport,
  items: readonly ImportItem[],
  options: { write: boolean; backup: boolean; now: number },
): ReplaceReport {
  const byFile = new Map<string, EnvReplacement[]>();
  const manual: ManualStep[] = [];
  items.forEach((item, i) => {
    if (!inVaultNow(item) && !(options.write === false && item.action === 'add')) return;
    const { source } = item;
    if (source.replaceable && source.path !== null && source.line !== null && item.reference !== null) {
      const list = byFile.get(source.path) ?? [];
      list.push({
        line: source.line,
        variable: source.variable,
        secret: planned.secrets[i] ?? '',
        reference: item.reference,
      });
      byFile.set(source.path, list);
    } else {
      manual.push({
        path: source.path,
        line: source.line,
        variable: source.variable,
        tool: source.tool,
        advice: source.advice,
      });
    }
  });
  const rewritten = [...byFile].map(([path, replacements]) => {
    const result = options.write
      ? replaceInEnvFile(path, replacements, { backup: options.backup, now: options.now })
      : { path, backupPath: null, replaced: replacements, missed: [] };
    return {
      path: result.path,
      backupPath: result.backupPath,
      replaced: result.replaced.map(withoutSecret),
      missed: result.missed.map(withoutSecret),
    };
  });
  return { rewritten, manual };
}
