// The Import screen's channels, driven through the router as the window drives them: a scan of a
// temporary home (masked findings, "already in the vault", progress, Cancel), a file picked in
// main's dialog, and an import that adds, skips a duplicate and replaces .env values with
// references, keeping a backup. No planted key may ever be in anything the window receives.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IpcEvent } from '#shared/ipc/channels.js';
import { STRONG_PASSWORD } from '../helpers/temp-wallet.js';
import { plant, plantedKey } from '../core/scan/planted-keys.js';
import { tempDir } from '../helpers/temp-wallet.js';
import { APP_ORIGIN, newDesktop } from './fixtures.js';

const K = {
  envOpenai: plantedKey('openai', 'deskenv'),
  envStored: plantedKey('groq', 'deskstored'),
  llm: plantedKey('anthropic', 'deskllm'),
  chosen: plantedKey('mistral', 'deskchosen'),
};

function plantedHome() {
  const home = join(tempDir('aikey-import-home-'), 'home');
  const env = plant(
    join(home, 'project', '.env'),
    `# keys\nOPENAI_API_KEY="${K.envOpenai}"\r\nGROQ_API_KEY=${K.envStored}\nPORT=3000\n`,
  );
  plant(join(home, '.config', 'io.datasette.llm', 'keys.json'), JSON.stringify({ claude: K.llm }));
  const chosen = plant(join(home, 'elsewhere', 'keys.env'), `MISTRAL_API_KEY=${K.chosen}\n`);
  return { home, env, chosen };
}

function expectNoPlantedKey(value: unknown): void {
  const text = JSON.stringify(value);
  for (const key of Object.values(K)) expect(text).not.toContain(key);
}

async function unlockedDesktop(options: { chooseImportFile?: () => Promise<string | null> } = {}) {
  const planted = plantedHome();
  const events: { event: IpcEvent; payload: unknown }[] = [];
  const desktop = newDesktop({ importScan: { home: planted.home, env: {} }, ...options });
  desktop.events.subscribe((event, payload) => events.push({ event, payload }));
  await desktop.call('vault:create', { password: STRONG_PASSWORD });
  await desktop.call('keys:create', { provider: 'groq', name: 'stored', secret: K.envStored });
  return { desktop, events, ...planted };
}

describe('import:scan', () => {
  it('finds the keys in the home folder, masked, and says which the vault already holds', async () => {
    const { desktop, events } = await unlockedDesktop();
    const scan = await desktop.call('import:scan', { from: 'computer' });
    expect(scan.outcome).toBe('done');
    const byVariable = Object.fromEntries(scan.findings.map((f) => [f.variable, f]));
    expect(Object.keys(byVariable).sort()).toEqual(['GROQ_API_KEY', 'OPENAI_API_KEY', 'claude']);
    expect(byVariable.OPENAI_API_KEY).toMatchObject({ provider: 'openai', alreadyInVault: false });
    expect(byVariable.OPENAI_API_KEY?.source).toMatchObject({ kind: 'env-file', replaceable: true });
    expect(byVariable.GROQ_API_KEY?.alreadyInVault).toBe(true);
    expect(byVariable.claude?.source).toMatchObject({ kind: 'tool-config', replaceable: false });
    expect(byVariable.claude?.masked).toMatch(/…/);
    expectNoPlantedKey(scan);
    const progress = events.filter((e) => e.event === 'import:progress').map((e) => e.payload);
    expect(progress.at(-1)).toMatchObject({ found: 3 });
    const last = progress.at(-1) as { read: number; of: number };
    expect(last.read).toBe(last.of);
    expectNoPlantedKey(events);
  });

  it('answers "cancelled" when Cancel comes while it runs', async () => {
    const { desktop } = await unlockedDesktop();
    const scanning = desktop.router.invoke('import:scan', APP_ORIGIN, { from: 'computer' });
    await desktop.call('import:cancel');
    const result = await scanning;
    expect(result).toEqual({ ok: true, value: { outcome: 'cancelled', file: null, findings: [] } });
  });

  it('scans only the file main’s dialog chose, and nothing when the dialog is dismissed', async () => {
    let choice: string | null = null;
    const { desktop, chosen } = await unlockedDesktop({ chooseImportFile: () => Promise.resolve(choice) });
    expect(await desktop.call('import:scan', { from: 'file' })).toEqual({
      outcome: 'dismissed',
      file: null,
      findings: [],
    });
    choice = chosen;
    const scan = await desktop.call('import:scan', { from: 'file' });
    expect(scan.file).toBe(chosen);
    expect(scan.findings.map((f) => [f.provider, f.variable])).toEqual([['mistral', 'MISTRAL_API_KEY']]);
    expectNoPlantedKey(scan);
  });

  it('refuses a file scan where there is no dialog', async () => {
    const { desktop } = await unlockedDesktop();
    await expect(desktop.call('import:scan', { from: 'file' })).rejects.toMatchObject({
      code: 'InvalidInput',
    });
  });

  it('reports "already in the vault" as unknown while the vault is locked', async () => {
    const { desktop } = await unlockedDesktop();
    desktop.wallet.vault.lock();
    const scan = await desktop.call('import:scan', { from: 'computer' });
    expect(scan.findings.every((f) => f.alreadyInVault === null)).toBe(true);
  });
});

describe('import:run', () => {
  it('imports the selected keys into the chosen hub and skips the one the vault holds', async () => {
    const { desktop } = await unlockedDesktop();
    const scan = await desktop.call('import:scan', { from: 'computer' });
    const [personal] = await desktop.call('hubs:list');
    const result = await desktop.call('import:run', {
      select: scan.findings.map((f) => f.id),
      hubId: personal!.id,
      replace: false,
    });
    expect(result.summary).toEqual({ added: 2, skipped: 1, failed: 0 });
    const skipped = result.items.find((i) => i.action === 'skipped');
    expect(skipped).toMatchObject({
      provider: 'groq',
      reason: 'already-in-vault',
      existing: { hub: 'Personal', name: 'stored' },
    });
    expect(result.replace).toBeNull();
    const keys = await desktop.call('keys:list', {});
    expect(keys.map((k) => k.provider).sort()).toEqual(['anthropic', 'groq', 'openai']);
    expectNoPlantedKey(result);
  });

  it('replaces the .env values with references, keeps a 0600 backup, and lists the rest as manual steps', async () => {
    const { desktop, env } = await unlockedDesktop();
    const original = readFileSync(env, 'utf8');
    const scan = await desktop.call('import:scan', { from: 'computer' });
    const [personal] = await desktop.call('hubs:list');
    const result = await desktop.call('import:run', {
      select: scan.findings.map((f) => f.id),
      hubId: personal!.id,
      replace: true,
    });
    expect(result.replace?.rewritten).toHaveLength(1);
    const rewritten = result.replace!.rewritten[0]!;
    expect(rewritten).toMatchObject({ path: env, replaced: 2, missed: 0 });
    expect(readFileSync(env, 'utf8')).toBe(
      '# keys\nOPENAI_API_KEY="aikey://personal/openai/default"\r\nGROQ_API_KEY=aikey://personal/groq/stored\nPORT=3000\n',
    );
    expect(rewritten.backupPath).not.toBeNull();
    expect(dirname(rewritten.backupPath!)).toBe(dirname(env));
    expect(readFileSync(rewritten.backupPath!, 'utf8')).toBe(original);
    expect(statSync(rewritten.backupPath!).mode & 0o777).toBe(0o600);
    expect(result.replace?.manual.map((m) => m.variable)).toEqual(['claude']);
    expectNoPlantedKey(result);
    expect(readdirSync(dirname(env)).length).toBe(2);
  });

  it('refuses an import before any scan, and a finding the last scan did not report', async () => {
    const { desktop } = await unlockedDesktop();
    const [personal] = await desktop.call('hubs:list');
    const run = (select: number[]) =>
      desktop.call('import:run', { select, hubId: personal!.id, replace: false });
    await expect(run([1])).rejects.toMatchObject({ code: 'InvalidInput' });
    await desktop.call('import:scan', { from: 'computer' });
    await expect(run([99])).rejects.toMatchObject({ code: 'InvalidInput' });
  });
});

describe('import:scanDropped', () => {
  it('scans a dropped file by its text, names it, imports it, and offers no replace in place', async () => {
    const { desktop, home } = await unlockedDesktop();
    const scan = await desktop.call('import:scanDropped', {
      name: 'work.env',
      text: `# dropped\nMISTRAL_API_KEY=${K.chosen}\n`,
    });
    expect(scan.outcome).toBe('done');
    expect(scan.file).toBe('work.env');
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0]).toMatchObject({
      path: 'work.env (dropped)',
      line: 2,
      provider: 'mistral',
      source: { replaceable: false },
    });
    expect(scan.findings[0]?.source.advice).toMatch(/Choose a file/);
    expectNoPlantedKey(scan);
    const result = await desktop.call('import:run', {
      select: [1],
      hubId: hubIdOf(await desktop.call('keys:list', {})),
      replace: false,
    });
    expect(result.summary).toMatchObject({ added: 1 });
    expectNoPlantedKey(result);
    const keys = await desktop.call('keys:list', {});
    expect(keys.some((k) => k.provider === 'mistral')).toBe(true);
    // The private copy is gone once imported; nothing was written beside the user's files.
    expect(readdirSync(join(desktop.dataDir, 'import-screen'))).not.toContain('dropped');
    expect(readdirSync(home)).not.toContain('work.env');
  });

  it('refuses a dropped file over 1 MiB before anything is written', async () => {
    const { desktop } = await unlockedDesktop();
    const refused = await desktop.router.invoke('import:scanDropped', APP_ORIGIN, {
      name: 'big.env',
      text: 'x'.repeat(1_048_577),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });
});

function hubIdOf(keys: { hubId: string }[]): string {
  return keys[0]!.hubId;
}
