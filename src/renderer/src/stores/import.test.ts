// The import store over a fake service: a scan ticks what the vault lacks, progress shows only
// while scanning, Cancel leaves a notice and no findings, an import sends the ticked numbers and
// the chosen hub (Personal when none was chosen), and marks what it stored.
import { describe, expect, it } from 'vitest';
import { AikeyError } from '#shared/errors.js';
import type { ImportFinding, ImportResult, ImportRunInput, ImportScan } from '#shared/schemas/import.js';
import type { AikeyServices } from '../services/services';
import { createImportStore } from './import';

function finding(id: number, alreadyInVault: boolean | null): ImportFinding {
  return {
    id,
    path: `/home/me/project/.env`,
    line: id,
    provider: 'openai',
    variable: `KEY_${id}`,
    label: null,
    masked: 'sk-proj-…abcd',
    alreadyInVault,
    source: { kind: 'env-file', tool: 'dotenv', replaceable: true, advice: '' },
  };
}

const DONE: ImportScan = { outcome: 'done', file: null, findings: [finding(1, false), finding(2, true)] };

function setup(scan: () => Promise<ImportScan>, run?: (input: ImportRunInput) => Promise<ImportResult>) {
  const runs: ImportRunInput[] = [];
  let cancelled = 0;
  const services = {
    import: {
      scan,
      cancel: () => {
        cancelled += 1;
        return Promise.resolve(null);
      },
      run: (input: ImportRunInput) => {
        runs.push(input);
        return run ? run(input) : Promise.reject(new AikeyError('VaultLocked', 'The vault is locked.'));
      },
    },
    hubs: { list: () => Promise.resolve([{ id: 'personal-id', name: 'Personal', kind: 'personal' }]) },
  } as unknown as Pick<AikeyServices, 'import' | 'hubs'>;
  return { store: createImportStore({ services }), runs, cancelled: () => cancelled };
}

describe('import store', () => {
  it('ticks the findings the vault does not hold yet', async () => {
    const { store } = setup(() => Promise.resolve(DONE));
    await store.getState().scan('computer');
    expect(store.getState()).toMatchObject({ phase: 'ready', selected: [1] });
    store.getState().selectAll(true);
    expect(store.getState().selected).toEqual([1, 2]);
    store.getState().toggle(1);
    expect(store.getState().selected).toEqual([2]);
  });

  it('shows progress only while a scan runs, and a cancelled scan leaves a notice and no findings', async () => {
    let finish: (scan: ImportScan) => void = () => undefined;
    const { store, cancelled } = setup(() => new Promise((resolve) => (finish = resolve)));
    const scanning = store.getState().scan('computer');
    store.getState().progressed({ read: 1, of: 4, found: 0 });
    expect(store.getState().progress).toEqual({ read: 1, of: 4, found: 0 });
    await store.getState().cancel();
    expect(cancelled()).toBe(1);
    finish({ outcome: 'cancelled', file: null, findings: [] });
    await scanning;
    expect(store.getState()).toMatchObject({ phase: 'idle', findings: [], progress: null });
    expect(store.getState().notice).toEqual({ kind: 'info', text: 'Scan cancelled.' });
    store.getState().progressed({ read: 2, of: 4, found: 0 });
    expect(store.getState().progress).toBeNull();
  });

  it('does nothing visible when the file dialog is dismissed', async () => {
    const { store } = setup(() => Promise.resolve({ outcome: 'dismissed', file: null, findings: [] }));
    await store.getState().scan('file');
    expect(store.getState()).toMatchObject({ phase: 'idle', notice: null, findings: [] });
  });

  it('imports the ticked findings into Personal unless a hub was chosen, and marks what it stored', async () => {
    const result: ImportResult = {
      hub: 'Personal',
      items: [
        {
          findingId: 1,
          provider: 'openai',
          name: 'default',
          hub: 'Personal',
          masked: 'sk-proj-…abcd',
          action: 'added',
          reason: null,
          existing: null,
          reference: 'aikey://personal/openai/default',
          error: null,
        },
      ],
      summary: { added: 1, skipped: 0, failed: 0 },
      replace: null,
    };
    const { store, runs } = setup(
      () => Promise.resolve(DONE),
      () => Promise.resolve(result),
    );
    await store.getState().scan('computer');
    await store.getState().importSelected(true);
    expect(runs).toEqual([{ select: [1], hubId: 'personal-id', replace: true }]);
    expect(store.getState().result).toEqual(result);
    expect(store.getState().findings.find((f) => f.id === 1)?.alreadyInVault).toBe(true);

    store.getState().chooseHub('team-id');
    await store.getState().importSelected(false);
    expect(runs[1]).toEqual({ select: [1], hubId: 'team-id', replace: false });
  });

  it('shows a failed import as an error and keeps the findings', async () => {
    const { store } = setup(() => Promise.resolve(DONE));
    await store.getState().scan('computer');
    await store.getState().importSelected(false);
    expect(store.getState()).toMatchObject({
      phase: 'ready',
      notice: { kind: 'error', text: 'The vault is locked.' },
    });
    expect(store.getState().findings).toHaveLength(2);
  });
});
