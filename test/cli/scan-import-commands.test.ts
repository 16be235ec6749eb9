// aikey scan, import and export as their command functions run them (the argument parser that
// calls them is wired separately): the JSON each prints, the files each writes, and that no
// planted key ever reaches stdout, stderr or the saved scan.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportCommand, type ExportOutput } from '#cli/commands/export-commands.js';
import { importCommand, type ImportOptions, type ImportOutput } from '#cli/commands/import-commands.js';
import { scanCommand, type ScanOutput } from '#cli/commands/scan-commands.js';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet } from '#core/wallet.js';
import { failureOf } from '../helpers/errors.js';
import { STRONG_PASSWORD, tempDir } from '../helpers/temp-wallet.js';
import { plant, plantedKey } from '../core/scan/planted-keys.js';

const openai = plantedKey('openai', 'cli');
const anthropic = plantedKey('anthropic', 'cli');
const groq = plantedKey('groq', 'cli');
const PASSPHRASE = 'lantern orbit velvet quarry 1987';

let out = '';
let err = '';
afterEach(() => vi.restoreAllMocks());
function capture(): void {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
}

async function setup(options: { vault?: boolean } = {}) {
  const root = tempDir('aikey-cli-scan-');
  const dataDir = join(root, 'data');
  if (options.vault !== false) {
    const wallet = createWallet({ dataDir, kdf: KDF_FLOOR });
    await wallet.vault.create(STRONG_PASSWORD);
    wallet.keys.create({ provider: 'anthropic', name: 'mine', secret: anthropic });
    wallet.close();
  }
  const home = join(root, 'home');
  const project = join(root, 'project');
  const env = plant(
    join(project, '.env'),
    `# app\nOPENAI_API_KEY=${openai}\nANTHROPIC_API_KEY="${anthropic}"\n`,
  );
  plant(join(home, '.zsh_history'), `: 1700000000:0;export GROQ_API_KEY=${groq}\n`);
  const passwordFile = plant(join(root, 'password'), `${STRONG_PASSWORD}\n`);
  const passphraseFile = plant(join(root, 'passphrase'), `${PASSPHRASE}\n`);
  const context = { home, cwd: project, env: {} };
  const importOptions = (changes: Partial<ImportOptions>): ImportOptions => ({
    fromScan: false,
    fromEnv: false,
    dryRun: false,
    replace: false,
    backup: true,
    json: true,
    passwordFile,
    context,
    dataDir,
    now: () => Date.UTC(2026, 10, 29),
    ...changes,
  });
  return { root, dataDir, home, project, env, passwordFile, passphraseFile, context, importOptions };
}

const planted = [openai, anthropic, groq];
/** The message a command function fails with (a CliError or an AikeyError), or 'no error'. */
async function failureMessage(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
}

const noPlantedKey = (text: string) => planted.every((value) => !text.includes(value));

describe('aikey scan', () => {
  it('--json lists findings masked, asks the vault what it holds, and saves no value', async () => {
    const s = await setup();
    capture();
    await scanCommand({
      paths: [],
      json: true,
      vaultCheck: true,
      passwordFile: s.passwordFile,
      context: s.context,
      dataDir: s.dataDir,
    });
    const output = JSON.parse(out) as ScanOutput;
    expect(output.vaultChecked).toBe(true);
    expect(
      output.findings.map((f) => [f.id, f.provider, f.variable, f.alreadyInVault, f.source.replaceable]),
    ).toEqual([
      [1, 'openai', 'OPENAI_API_KEY', false, true],
      [2, 'anthropic', 'ANTHROPIC_API_KEY', true, true],
      [3, 'groq', 'GROQ_API_KEY', false, false],
    ]);
    expect(noPlantedKey(out + err)).toBe(true);
    expect(noPlantedKey(readFileSync(output.savedTo, 'utf8'))).toBe(true);
    expect(statSync(output.savedTo).mode & 0o777).toBe(0o600);
  });

  it('reports "unknown" without a vault, and prints a table a person can read', async () => {
    const s = await setup({ vault: false });
    capture();
    await scanCommand({ paths: [], json: false, vaultCheck: true, context: s.context, dataDir: s.dataDir });
    expect(out).toMatch(/#\s+PROVIDER\s+KEY\s+IN VAULT\s+WHERE/);
    expect(out).toMatch(new RegExp(`OpenAI +sk-proj-…${openai.slice(-4)} +[?] +[.]env:2 +OPENAI_API_KEY`));
    expect(out).toContain('~/.zsh_history:1');
    expect(out).toMatch(/3 keys found\. Import them with `aikey import --from-scan`/);
    expect(noPlantedKey(out + err)).toBe(true);
  });
});

describe('aikey scan --no-vault-check', () => {
  it('asks for no password and reports "unknown" even beside a vault', async () => {
    const s = await setup();
    capture();
    await scanCommand({
      paths: [s.project],
      json: true,
      vaultCheck: false,
      context: s.context,
      dataDir: s.dataDir,
    });
    const output = JSON.parse(out) as ScanOutput;
    expect(output.vaultChecked).toBe(false);
    expect(output.findings.map((f) => f.alreadyInVault)).toEqual([null, null]);
  });
});

describe('aikey import', () => {
  it('--from-scan --select --dry-run shows the plan and changes nothing', async () => {
    const s = await setup();
    capture();
    await scanCommand({ paths: [], json: true, vaultCheck: false, context: s.context, dataDir: s.dataDir });
    capture();
    const code = await importCommand(
      s.importOptions({ fromScan: true, select: '1,3', dryRun: true, replace: true }),
    );
    const output = JSON.parse(out) as ImportOutput;
    expect(code).toBe(0);
    expect(output.items.map((i) => [i.provider, i.name, i.action, i.reference])).toEqual([
      ['openai', 'default', 'add', 'aikey://personal/openai/default'],
      ['groq', 'default', 'add', 'aikey://personal/groq/default'],
    ]);
    expect(output.replace?.rewritten.map((f) => [f.path, f.backupPath, f.replaced.length])).toEqual([
      [s.env, null, 1],
    ]);
    expect(output.replace?.manual.map((m) => m.tool)).toEqual(['zsh history']);
    expect(readFileSync(s.env, 'utf8')).toContain(openai);
    expect(noPlantedKey(out + err)).toBe(true);
  });

  it('--from-scan --replace adds the keys, rewrites the env file with a 0600 backup, and lists the rest', async () => {
    const s = await setup();
    capture();
    await scanCommand({ paths: [], json: true, vaultCheck: false, context: s.context, dataDir: s.dataDir });
    const original = readFileSync(s.env, 'utf8');
    capture();
    await importCommand(s.importOptions({ fromScan: true, replace: true, json: false }));
    expect(readFileSync(s.env, 'utf8')).toBe(
      '# app\nOPENAI_API_KEY=aikey://personal/openai/default\nANTHROPIC_API_KEY="aikey://personal/anthropic/mine"\n',
    );
    const backups = readdirSync(s.project).filter((f) => f.startsWith('.env.aikey-backup-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(s.project, backups[0] ?? ''), 'utf8')).toBe(original);
    expect(out).toContain('+ Added Personal/openai/default');
    expect(out).toContain('= Skipped');
    expect(out).toContain('already in the vault as Personal/anthropic/mine');
    expect(out).toMatch(
      /cannot hold a reference; do this by hand:\n.*\.zsh_history:1 GROQ_API_KEY \(zsh history\)/,
    );
    expect(noPlantedKey(out + err)).toBe(true);
  });

  it('--from-env imports into the hub it is told, and refuses mixed sources', async () => {
    const s = await setup();
    capture();
    await importCommand(
      s.importOptions({
        fromEnv: true,
        context: { ...s.context, env: { GROQ_API_KEY: groq, PATH: '/bin' } },
      }),
    );
    const output = JSON.parse(out) as ImportOutput;
    expect([output.hub, output.summary]).toEqual(['Personal', { added: 1, skipped: 0, failed: 0 }]);
    expect(
      await failureMessage(() => importCommand(s.importOptions({ fromEnv: true, fromScan: true }))),
    ).toMatch(/one source/);
    expect(
      await failureMessage(() => importCommand(s.importOptions({ fromEnv: true, replace: true }))),
    ).toMatch(/--from-env has none/);
    expect(
      await failureMessage(() => importCommand(s.importOptions({ fromEnv: true, hub: 'nope' }))),
    ).toMatch(/No hub/);
  });
});

describe('aikey export', () => {
  it('writes a 0600 encrypted archive that import reads in another vault with the passphrase', async () => {
    const s = await setup();
    const archive = join(s.root, 'keys.aikey');
    capture();
    await exportCommand({
      output: archive,
      plaintext: false,
      force: false,
      json: true,
      passwordFile: s.passwordFile,
      passphraseFile: s.passphraseFile,
      dataDir: s.dataDir,
      kdf: KDF_FLOOR,
    });
    expect(JSON.parse(out) as ExportOutput).toEqual({ path: archive, keys: 1, encrypted: true });
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(noPlantedKey(readFileSync(archive, 'utf8'))).toBe(true);

    const other = await setup();
    writeFileSync(other.passphraseFile, 'lantern orbit velvet quarry 1988\n');
    expect(
      (
        await failureOf(() =>
          importCommand(other.importOptions({ file: archive, passphraseFile: other.passphraseFile })),
        )
      ).code,
    ).toBe('WrongPassword');
    writeFileSync(other.passphraseFile, `${PASSPHRASE}\n`);
    capture();
    await importCommand(other.importOptions({ file: archive, passphraseFile: other.passphraseFile }));
    // The other vault already holds that Anthropic key: nothing twice.
    expect((JSON.parse(out) as ImportOutput).items.map((i) => i.reason)).toEqual(['already-in-vault']);
    expect(
      await failureMessage(() =>
        exportCommand({ output: archive, plaintext: false, force: false, json: false, dataDir: s.dataDir }),
      ),
    ).toMatch(/--force/);
  });

  it('--plaintext warns on stderr', async () => {
    const s = await setup();
    const archive = join(s.root, 'keys.json');
    capture();
    await exportCommand({
      output: archive,
      plaintext: true,
      force: false,
      json: false,
      passwordFile: s.passwordFile,
      dataDir: s.dataDir,
    });
    expect(err).toMatch(/^Warning: this archive holds every key in plain text/);
    expect(readFileSync(archive, 'utf8')).toContain(anthropic);
    expect(existsSync(archive)).toBe(true);
  });
});
