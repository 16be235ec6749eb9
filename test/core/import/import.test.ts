// aikey import on real files: names from variables and tool labels, a hub per import, duplicates of
// stored values skipped and reported, repeats within one import collapsed, a dry run that writes
// nothing, --from-scan reading each value again, --from-env, and no value in anything printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyImport, planImport } from '#core/import/import-plan.js';
import {
  candidatesFromEnv,
  candidatesFromFile,
  candidatesFromScan,
  parseSelection,
} from '#core/import/import-sources.js';
import { saveLastScan } from '#core/scan/last-scan.js';
import { collectCandidates, findingsOf } from '#core/scan/scanner.js';
import { codeOf } from '../../helpers/errors.js';
import { tempDir, unlockedWallet } from '../../helpers/temp-wallet.js';
import { plant, plantedKey } from '../scan/planted-keys.js';

const actor = { type: 'cli', name: 'aikey' } as const;
const openai = plantedKey('openai', 'imp');
const openaiWork = plantedKey('openai', 'impwork');
const anthropic = plantedKey('anthropic', 'imp');
const groq = plantedKey('groq', 'imp');

function project() {
  const dir = tempDir('aikey-import-');
  const env = plant(
    join(dir, '.env'),
    `OPENAI_API_KEY=${openai}\nOPENAI_API_KEY_WORK="${openaiWork}"\nANTHROPIC_API_KEY=${anthropic}\nLEGACY_OPENAI=${openai}\nAZURE_OPENAI_API_KEY=${'c0ffee00'.repeat(4)}\n`,
  );
  return { dir, env, ctx: { home: dir, cwd: dir, env: {} } };
}

describe('aikey import', () => {
  it('plans names, providers and the hub; skips stored values and repeats; a dry run writes nothing', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'anthropic', name: 'mine', secret: anthropic });
    const { env, ctx } = project();
    const personal = { id: wallet.vault.session().personalHubId, name: 'Personal' };

    const planned = planImport(wallet.keys, personal, candidatesFromFile(env, ctx));
    expect(
      planned.items.map((i) => [i.source.variable, i.provider, i.name, i.action, i.reason, i.reference]),
    ).toEqual([
      ['OPENAI_API_KEY', 'openai', 'default', 'add', null, 'aikey://personal/openai/default'],
      ['OPENAI_API_KEY_WORK', 'openai', 'work', 'add', null, 'aikey://personal/openai/work'],
      [
        'ANTHROPIC_API_KEY',
        'anthropic',
        'mine',
        'skip',
        'already-in-vault',
        'aikey://personal/anthropic/mine',
      ],
      ['LEGACY_OPENAI', 'openai', 'default', 'skip', 'duplicate', 'aikey://personal/openai/default'],
      ['AZURE_OPENAI_API_KEY', 'azure', 'default', 'skip', 'needs-base-url', null],
    ]);
    expect(planned.items[2]?.existing).toEqual({ hub: 'Personal', provider: 'anthropic', name: 'mine' });
    // Planning is the dry run: nothing was added.
    expect(wallet.keys.list().map((k) => k.name)).toEqual(['mine']);
    const printed = JSON.stringify(planned.items);
    for (const value of [openai, openaiWork, anthropic]) expect(printed).not.toContain(value);

    const done = applyImport(wallet.keys, planned, actor);
    expect(done.map((i) => i.action)).toEqual(['added', 'added', 'skipped', 'skipped', 'skipped']);
    expect(wallet.keys.list().map((k) => `${k.provider}/${k.name}`)).toEqual([
      'anthropic/mine',
      'openai/default',
      'openai/work',
    ]);
    expect(wallet.audit.list({}).entries.filter((e) => e.action === 'key.create')).toHaveLength(3);
    // A second import of the same file adds nothing.
    const again = planImport(wallet.keys, personal, candidatesFromFile(env, ctx));
    expect(again.items.filter((i) => i.action === 'add')).toEqual([]);
  });

  it('imports into the hub it is given and picks a free name when one is taken', async () => {
    const wallet = await unlockedWallet();
    const { sqlite } = wallet.vault.session();
    sqlite
      .prepare(`INSERT INTO hubs (id, name, kind, created_at) VALUES ('hub-acme', 'Acme', 'team', 1)`)
      .run();
    wallet.keys.create({ hubId: 'hub-acme', provider: 'openai', secret: plantedKey('openai', 'other') });
    const { env, ctx } = project();
    const planned = planImport(wallet.keys, { id: 'hub-acme', name: 'Acme' }, candidatesFromFile(env, ctx));
    expect(planned.items[0]).toMatchObject({
      hub: 'Acme',
      name: 'default-2',
      reference: 'aikey://acme/openai/default-2',
    });
    applyImport(wallet.keys, planned, actor);
    expect(wallet.keys.list({ hubId: 'hub-acme' }).map((k) => `${k.provider}/${k.name}`)).toEqual([
      'anthropic/default',
      'openai/default',
      'openai/default-2',
      'openai/work',
    ]);
  });

  it('takes the base URL the same file or environment sets: an Azure key with its endpoint', async () => {
    const wallet = await unlockedWallet();
    const dir = tempDir('aikey-import-');
    const azure = 'c0ffee00'.repeat(4);
    const file = plant(
      join(dir, '.env'),
      `AZURE_OPENAI_API_KEY=${azure}\nAZURE_OPENAI_ENDPOINT=https://acme.openai.azure.com\nOPENAI_BASE_URL=https://proxy.example.com/v1\nOPENAI_API_KEY=${openai}\n`,
    );
    const personal = { id: wallet.vault.session().personalHubId, name: 'Personal' };
    const planned = planImport(
      wallet.keys,
      personal,
      candidatesFromFile(file, { home: dir, cwd: dir, env: {} }),
    );
    expect(planned.items.map((i) => [i.provider, i.action, i.baseUrl])).toEqual([
      ['azure', 'add', 'https://acme.openai.azure.com'],
      ['openai', 'add', 'https://proxy.example.com/v1'],
    ]);
    applyImport(wallet.keys, planned, actor);
    expect(wallet.keys.list().map((k) => [k.provider, k.baseUrl])).toEqual([
      ['azure', 'https://acme.openai.azure.com'],
      ['openai', 'https://proxy.example.com/v1'],
    ]);
    const fromEnv = candidatesFromEnv({ AZURE_API_KEY: azure, AZURE_API_BASE: 'https://b.openai.azure.com' });
    expect(fromEnv.map((c) => [c.provider, c.baseUrl])).toEqual([['azure', 'https://b.openai.azure.com']]);
  });

  it('imports llm keys.json under the names llm gives them', async () => {
    const wallet = await unlockedWallet();
    const dir = tempDir('aikey-import-');
    const file = plant(join(dir, 'keys.json'), JSON.stringify({ openai, claude: anthropic, groq }));
    const planned = planImport(
      wallet.keys,
      { id: wallet.vault.session().personalHubId, name: 'Personal' },
      candidatesFromFile(file, { home: dir, cwd: dir, env: {} }),
    );
    expect(planned.items.map((i) => [i.provider, i.name, i.source.tool, i.source.replaceable])).toEqual([
      ['openai', 'default', 'llm', false],
      ['anthropic', 'default', 'llm', false],
      ['groq', 'default', 'llm', false],
    ]);
  });

  it('--from-scan reads each selected value again and reports one gone since the scan', async () => {
    const wallet = await unlockedWallet();
    const dataDir = wallet.vault.paths.dir;
    const { dir, env } = project();
    const findings = findingsOf(
      await collectCandidates({ home: dir, cwd: dir, env: {}, paths: [dir] }),
      null,
    );
    const savedFile = saveLastScan(dataDir, findings, 1_000);
    const saved = readFileSync(savedFile, 'utf8');
    for (const value of [openai, openaiWork, anthropic]) expect(saved).not.toContain(value);
    for (const finding of findings) expect(saved).not.toContain(finding.masked);

    plant(
      env,
      readFileSync(env, 'utf8').replace(`OPENAI_API_KEY_WORK="${openaiWork}"`, '# moved to the vault'),
    );
    const candidates = candidatesFromScan(dataDir, parseSelection('1-2,3'));
    expect(candidates.map((c) => [c.variable, c.stale ?? false])).toEqual([
      ['OPENAI_API_KEY', false],
      ['OPENAI_API_KEY_WORK', true],
      ['ANTHROPIC_API_KEY', false],
    ]);
    const planned = planImport(
      wallet.keys,
      { id: wallet.vault.session().personalHubId, name: 'Personal' },
      candidates,
    );
    expect(planned.items.map((i) => i.reason)).toEqual([null, 'changed-since-scan', null]);
    expect(codeOf(() => candidatesFromScan(dataDir, [99]))).toBe('InvalidInput');
    expect(codeOf(() => parseSelection('2-1'))).toBe('InvalidInput');
    expect(codeOf(() => candidatesFromScan(tempDir(), null))).toBe('InvalidInput');
  });

  it('--from-env takes the variables that hold keys and leaves the rest', () => {
    const found = candidatesFromEnv({
      PATH: '/usr/bin',
      GROQ_API_KEY: groq,
      HOME: '/home/x',
      OPENAI_API_KEY: 'sk-your-key',
    });
    expect(found.map((c) => [c.variable, c.provider, c.source.kind])).toEqual([
      ['GROQ_API_KEY', 'groq', 'environment'],
    ]);
  });
});
