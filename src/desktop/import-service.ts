// The Import screen's service in main: scans (the home folder and every known tool's file, or one
// file the user picked in main's own dialog), one scan at a time and cancellable, with progress
// pushed as import:progress; then imports the findings the user ticked through core's runImport,
// so the desktop adds, skips and replaces exactly as `aikey import --from-scan` does. Values stay
// in main: the renderer gets masked findings, finding numbers and references, never a key, and
// never names a path itself. The scan is saved (paths and lines, no values) in a folder of its own,
// so a CLI scan in between cannot change what the numbers on screen mean.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AikeyError } from '#shared/errors.js';
import type { IpcEventPayload } from '#shared/ipc/contract.js';
import type { ImportFinding, ImportResult, ImportRunInput, ImportScan } from '#shared/schemas/import.js';
import { APP_ACTOR } from '#core/audit/audit-log.js';
import { runImport, type ImportOutput } from '#core/import/import-run.js';
import { saveLastScan } from '#core/scan/last-scan.js';
import { collectCandidates, findingsOf, type ScanProgress } from '#core/scan/scanner.js';
import type { Finding } from '#core/scan/types.js';
import type { Wallet } from '#core/wallet.js';

/** Where "Scan this computer" looks: injected, so tests and the e2e harness use a temporary home. */
export interface ImportScanPlace {
  home: string;
  /** The variables tools read to find their own files (XDG_CONFIG_HOME, LLM_USER_PATH, …). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface ImportServiceOptions {
  wallet: Wallet;
  dataDir: string;
  place: ImportScanPlace;
  /** Electron's open dialog in the app (null when dismissed); absent where there is no dialog. */
  chooseFile?: (() => Promise<string | null>) | undefined;
  onProgress: (progress: IpcEventPayload<'import:progress'>) => void;
  now: () => number;
}

/** More findings than this are not shown (nor importable from the screen): the contract's cap. */
const MAX_FINDINGS = 10_000;
/** Progress is pushed at most this often, besides the first and the last report. */
const PROGRESS_EVERY_MS = 100;

function findingView(finding: Finding): ImportFinding {
  const { kind, tool, replaceable, advice } = finding.source;
  return {
    id: finding.id,
    path: finding.path,
    line: finding.line,
    provider: finding.provider,
    variable: finding.variable,
    label: finding.label,
    masked: finding.masked,
    alreadyInVault: finding.alreadyInVault,
    source: { kind, tool, replaceable, advice },
  };
}

/** A finding in a dropped file: named by the dropped name; its private copy is not the user's file. */
function droppedView(finding: ImportFinding, name: string): ImportFinding {
  return {
    ...finding,
    path: `${name} (dropped)`,
    source: {
      ...finding.source,
      replaceable: false,
      advice:
        'A dropped file is read once. To replace its values with references, choose it with "Choose a file…".',
    },
  };
}

/** The import's answer for the screen: each item named by the finding it came from, no value. */
function resultView(output: ImportOutput, selected: readonly number[]): ImportResult {
  return {
    hub: output.hub,
    items: output.items.map((item) => ({
      findingId: selected[item.index - 1] ?? item.index,
      provider: item.provider,
      name: item.name,
      hub: item.hub,
      masked: item.masked,
      action: item.action === 'add' ? 'added' : item.action === 'skip' ? 'skipped' : item.action,
      reason: item.reason,
      existing: item.existing === null ? null : { hub: item.existing.hub, name: item.existing.name },
      reference: item.reference,
      error: item.error,
    })),
    summary: output.summary,
    replace:
      output.replace === null
        ? null
        : {
            rewritten: output.replace.rewritten.map((file) => ({
              path: file.path,
              backupPath: file.backupPath,
              replaced: file.replaced.length,
              missed: file.missed.length,
            })),
            manual: output.replace.manual,
          },
  };
}

export class ImportService {
  private running: AbortController | null = null;
  /** Finding ids of the last finished scan, so an import names only what is on screen. */
  private lastIds: ReadonlySet<number> | null = null;
  private readonly scanDir: string;

  constructor(private readonly options: ImportServiceOptions) {
    this.scanDir = join(options.dataDir, 'import-screen');
  }

  async scan(from: 'computer' | 'file'): Promise<ImportScan> {
    let file: string | null = null;
    if (from === 'file') {
      if (!this.options.chooseFile) {
        throw new AikeyError('InvalidInput', 'This window cannot open a file dialog. Scan this computer.');
      }
      file = await this.options.chooseFile();
      if (file === null) return { outcome: 'dismissed', file: null, findings: [] };
    }
    return this.scanFrom(file, null);
  }

  /**
   * A dropped file: its text goes to a private 0600 copy (removed by the next scan or import), which
   * is scanned like a chosen file; findings show the dropped name and cannot be replaced in place.
   */
  async scanDropped(name: string, text: string): Promise<ImportScan> {
    const dir = join(this.scanDir, 'dropped');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const copy = join(dir, basename(name).replace(/[^A-Za-z0-9._-]/g, '_') || 'dropped');
    writeFileSync(copy, text, { mode: 0o600 });
    const scan = await this.scanFrom(copy, name);
    return { ...scan, file: name };
  }

  private async scanFrom(file: string | null, droppedAs: string | null): Promise<ImportScan> {
    if (droppedAs === null) rmSync(join(this.scanDir, 'dropped'), { recursive: true, force: true });
    // A new scan replaces one still running: only the newest answers with findings.
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const { home, env } = this.options.place;
    try {
      const candidates = await collectCandidates({
        home,
        cwd: home,
        env,
        ...(file === null ? {} : { paths: [file] }),
        signal: controller.signal,
        onProgress: this.throttledProgress(),
      });
      const { keys, vault } = this.options.wallet;
      const inVault = vault.isUnlocked() ? (value: string) => keys.hasValue(value) : null;
      const findings = findingsOf(candidates.slice(0, MAX_FINDINGS), inVault);
      saveLastScan(this.scanDir, findings, this.options.now());
      this.lastIds = new Set(findings.map((f) => f.id));
      const view = findings.map(findingView);
      return {
        outcome: 'done',
        file,
        findings: droppedAs === null ? view : view.map((f) => droppedView(f, droppedAs)),
      };
    } catch (error) {
      if (controller.signal.aborted) return { outcome: 'cancelled', file, findings: [] };
      throw error;
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  /** Stops the running scan, if any; that scan then answers `cancelled`. */
  cancel(): void {
    this.running?.abort();
  }

  async run(input: ImportRunInput): Promise<ImportResult> {
    const { lastIds } = this;
    if (lastIds === null) throw new AikeyError('InvalidInput', 'Scan first, then choose the keys to import.');
    const selected = [...new Set(input.select)].sort((a, b) => a - b);
    if (selected.some((id) => !lastIds.has(id))) {
      throw new AikeyError(
        'InvalidInput',
        'The selection names a key the last scan did not find. Scan again.',
      );
    }
    const { wallet, place } = this.options;
    const output = await runImport(
      { keys: wallet.keys, personalHubId: () => wallet.vault.session().personalHubId },
      {
        source: { kind: 'scan', select: selected },
        hub: input.hubId,
        dryRun: false,
        replace: input.replace,
        backup: true,
        context: { home: place.home, cwd: place.home, env: place.env },
        dataDir: this.scanDir,
        now: this.options.now(),
      },
      APP_ACTOR,
    );
    rmSync(join(this.scanDir, 'dropped'), { recursive: true, force: true });
    return resultView(output, selected);
  }

  private throttledProgress(): (progress: ScanProgress) => void {
    let last = 0;
    return (progress) => {
      const now = Date.now();
      if (progress.read !== 0 && progress.read !== progress.of && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      this.options.onProgress(progress);
    };
  }
}
