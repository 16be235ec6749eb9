// The Import screen's state: the running scan and its progress, the last scan's masked findings,
// which of them are ticked, the hub to import into, and what the last import did. Values never
// reach the window, so nothing here is secret; it is still forgotten on lock, like all vault data.
// Keys are named by the finding numbers main gave them; paths only ever come from main.
import { createStore } from 'zustand/vanilla';
import type { ImportFinding, ImportProgress, ImportResult, ImportScan } from '#shared/schemas/import.js';
import { messageOf, type AikeyServices } from '../services/services';

export type ImportPhase = 'idle' | 'scanning' | 'ready' | 'importing';

export interface ImportState {
  phase: ImportPhase;
  /** The running scan's progress; null until the files to read are known. */
  progress: ImportProgress | null;
  findings: ImportFinding[];
  /** The file main's dialog chose, when the findings come from one file. */
  file: string | null;
  selected: readonly number[];
  /** Null: Personal (the first hub main lists). */
  hubId: string | null;
  result: ImportResult | null;
  /** What the last scan or import said went wrong, or that the scan was cancelled. */
  notice: { kind: 'error' | 'info'; text: string } | null;
}

export interface ImportActions {
  scan(from: 'computer' | 'file'): Promise<void>;
  /** A file dropped on the screen: read here once, handed to main, not kept. */
  scanDropped(file: { name: string; size: number; text(): Promise<string> }): Promise<void>;
  cancel(): Promise<void>;
  /** Runs one scan request and shows its answer (shared by scan and scanDropped). */
  scanWith(ask: () => Promise<ImportScan>): Promise<void>;
  /** Main pushed import:progress. */
  progressed(progress: ImportProgress): void;
  toggle(id: number): void;
  selectAll(on: boolean): void;
  chooseHub(hubId: string): void;
  /** Imports the ticked findings; with `replace`, also puts references where the sources allow. */
  importSelected(replace: boolean): Promise<void>;
  reset(): void;
}

export type ImportStore = ImportState & ImportActions;

const initial: ImportState = {
  phase: 'idle',
  progress: null,
  findings: [],
  file: null,
  selected: [],
  hubId: null,
  result: null,
  notice: null,
};

/** Findings an import put in the vault (or found there) are in the vault from now on. */
function markStored(findings: ImportFinding[], result: ImportResult): ImportFinding[] {
  const stored = new Set(
    result.items
      .filter((i) => i.action === 'added' || i.reason === 'already-in-vault' || i.reason === 'duplicate')
      .map((i) => i.findingId),
  );
  return findings.map((f) => (stored.has(f.id) ? { ...f, alreadyInVault: true } : f));
}

export function createImportStore({ services }: { services: Pick<AikeyServices, 'import' | 'hubs'> }) {
  return createStore<ImportStore>()((set, get) => ({
    ...initial,

    scanDropped: async (file) => {
      if (file.size > 1_048_576) {
        set({
          notice: {
            kind: 'error',
            text: `${file.name} is larger than 1 MiB: choose it with “Choose a file…”.`,
          },
        });
        return;
      }
      const text = await file.text();
      await get().scanWith(() => services.import.scanDropped({ name: file.name, text }));
    },

    scan: async (from) => {
      await get().scanWith(() => services.import.scan({ from }));
    },

    scanWith: async (ask) => {
      const hubId = get().hubId;
      set({ ...initial, hubId, phase: 'scanning' });
      try {
        const scan = await ask();
        if (get().phase !== 'scanning') return;
        if (scan.outcome === 'dismissed') {
          set({ phase: 'idle' });
          return;
        }
        if (scan.outcome === 'cancelled') {
          set({ phase: 'idle', progress: null, notice: { kind: 'info', text: 'Scan cancelled.' } });
          return;
        }
        set({
          phase: 'ready',
          progress: null,
          findings: scan.findings,
          file: scan.file,
          // Keys the vault already holds start unticked: importing them again would only skip them.
          selected: scan.findings.filter((f) => f.alreadyInVault !== true).map((f) => f.id),
        });
      } catch (error) {
        set({ phase: 'idle', progress: null, notice: { kind: 'error', text: messageOf(error) } });
      }
    },

    cancel: async () => {
      if (get().phase !== 'scanning') return;
      try {
        await services.import.cancel();
      } catch (error) {
        set({ notice: { kind: 'error', text: messageOf(error) } });
      }
    },

    progressed: (progress) => {
      if (get().phase === 'scanning') set({ progress });
    },

    toggle: (id) => {
      const { selected } = get();
      set({ selected: selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id] });
    },

    selectAll: (on) => set({ selected: on ? get().findings.map((f) => f.id) : [] }),

    chooseHub: (hubId) => set({ hubId }),

    importSelected: async (replace) => {
      const { selected, phase } = get();
      if (phase !== 'ready' || selected.length === 0) return;
      set({ phase: 'importing', notice: null });
      try {
        const hubId = get().hubId ?? (await services.hubs.list())[0]?.id ?? '';
        const result = await services.import.run({ select: [...selected], hubId, replace });
        if (get().phase !== 'importing') return;
        set({ phase: 'ready', result, findings: markStored(get().findings, result) });
      } catch (error) {
        if (get().phase === 'importing')
          set({ phase: 'ready', notice: { kind: 'error', text: messageOf(error) } });
      }
    },

    reset: () => set({ ...initial }),
  }));
}
