// Part 6: damage, on copies of a data directory: a byte flipped in every 4096-byte page of a small
// vault's vault.db (a well-used trust vault has thousands of pages: those are sampled evenly), and
// truncations, an emptied file, edits to the header JSON and a deleted header of the trust vault.
// Each must make `aikey keys list` exit 9 with one line naming the damage and the way back
// (`aikey restore` and the backup for the database; a copy of the header for the header), and the
// command must delete nothing: the directory keeps every file and the damaged file keeps its bytes.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet } from '#core/wallet.js';
import { heading, report } from '../lib.js';
import { createPrng, type Prng } from './prng.js';
import { runAikey, type CommandRecord } from './processes.js';
import { PASSWORD, runPart, type PartResult, type TrustWorld } from './world.js';

const PAGE = 4096;

export interface DamageOptions {
  /** Pages of the (large, well-used) trust vault to damage, spread over the file; default 100. */
  sampledPages?: number;
  /** Keys in the small vault whose every page is damaged; default 30. */
  smallVaultKeys?: number;
  seed: number;
}

interface DamageCase {
  name: string;
  file: 'vault.db' | 'vault.header.json';
  /** The damaged bytes, or null to delete the file. */
  damage: (original: Buffer) => Buffer | null;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

function headerEdit(edit: (header: Record<string, unknown>) => void) {
  return (original: Buffer) => {
    const header = JSON.parse(original.toString('utf8')) as Record<string, unknown>;
    edit(header);
    return Buffer.from(`${JSON.stringify(header, null, 2)}\n`);
  };
}

/** A byte flipped in each chosen page (every page when `pages` >= the page count). */
function pageFlips(size: number, rng: Prng, pages: number): DamageCase[] {
  const total = Math.ceil(size / PAGE);
  const step = Math.max(1, total / pages);
  const chosen = new Set(Array.from({ length: Math.min(total, pages) }, (_, i) => Math.floor(i * step)));
  // Page 1's first bytes hold the cipher's plaintext salt field and SQLite's header: flip one there too.
  const offsets = [
    rng.int(24),
    ...[...chosen].map((page) => page * PAGE + rng.int(Math.min(PAGE, size - page * PAGE))),
  ];
  return offsets.map((at) => {
    const xor = 1 + rng.int(255);
    return {
      name: `byte ${at} flipped (page ${Math.floor(at / PAGE) + 1} of ${total})`,
      file: 'vault.db',
      damage: (original) => {
        const copy = Buffer.from(original);
        copy[at] = copy[at]! ^ xor;
        return copy;
      },
    };
  });
}

function truncations(size: number): DamageCase[] {
  return [0, 100, PAGE, Math.floor(size / 2), size - PAGE, size - 1].map((length) => ({
    name: length === 0 ? 'emptied' : `truncated to ${length} bytes`,
    file: 'vault.db',
    damage: (original) => original.subarray(0, length),
  }));
}

const HEADER_EDITS: DamageCase[] = [
  { name: 'header: deleted', file: 'vault.header.json', damage: () => null },
  { name: 'header: cut in half', file: 'vault.header.json', damage: (o) => o.subarray(0, o.length >> 1) },
  { name: 'header: emptied', file: 'vault.header.json', damage: () => Buffer.alloc(0) },
  {
    name: 'header: format renamed',
    file: 'vault.header.json',
    damage: headerEdit((h) => (h.format = 'other')),
  },
  { name: 'header: version 2', file: 'vault.header.json', damage: headerEdit((h) => (h.version = 2)) },
  { name: 'header: mac removed', file: 'vault.header.json', damage: headerEdit((h) => delete h.mac) },
  {
    name: 'header: createdAt changed',
    file: 'vault.header.json',
    damage: headerEdit((h) => (h.createdAt = 1)),
  },
  {
    name: 'header: recovery wrap altered',
    file: 'vault.header.json',
    damage: headerEdit((h) => {
      const wrap = h.recoveryWrap as { sealed: string };
      wrap.sealed = `${wrap.sealed.startsWith('A') ? 'B' : 'A'}${wrap.sealed.slice(1)}`;
    }),
  },
  {
    name: 'header: KDF cost beyond the ceiling',
    file: 'vault.header.json',
    damage: headerEdit((h) => ((h.kdf as { memoryKiB: number }).memoryKiB = 64 * 1024 * 1024)),
  },
];

/** What is wrong with one damaged copy's outcome, or null when it is as it must be. */
function judge(c: DamageCase, run: CommandRecord, deleted: string[], changed: boolean): string | null {
  const line = run.stderr.trim();
  const wayBack =
    c.file === 'vault.db'
      ? /backups\/vault-\d{4}-\d{2}-\d{2}\.db: restore it with `aikey restore`/
      : /vault\.header\.json/;
  if (run.code !== 9) return `exit ${run.code} (expected 9): ${line}`;
  if (line.includes('\n')) return `more than one line on stderr: ${JSON.stringify(line)}`;
  if (!/damaged|corrupt|altered|empty|missing/i.test(line))
    return `the message does not name the damage: ${line}`;
  if (!wayBack.test(line)) return `the message does not name the way back: ${line}`;
  if (deleted.length > 0) return `files were deleted: ${deleted.join(', ')}`;
  if (changed) return `the damaged ${c.file} was changed`;
  return null;
}

/** A vault of its own, small enough that every page can be damaged in turn. */
async function smallVault(world: TrustWorld, keys: number, rng: Prng): Promise<string> {
  const home = world.tempDir('damage-small');
  const wallet = createWallet({ dataDir: home, kdf: KDF_FLOOR });
  try {
    await wallet.vault.create(PASSWORD);
    for (let i = 0; i < keys; i += 1)
      wallet.keys.create({ provider: 'openai', name: `d${i}`, secret: `sk-proj-${rng.text(48)}` });
    for (let i = 0; i < 5; i += 1) wallet.tokens.create({ name: `d${i}` });
  } finally {
    wallet.close();
  }
  return home;
}

export function damage(world: TrustWorld, options: DamageOptions): Promise<PartResult> {
  return runPart('damage', async (failures) => {
    const rng = createPrng(options.seed);
    const small = await smallVault(world, options.smallVaultKeys ?? 30, rng);
    const jobs: { source: string; c: DamageCase }[] = [];
    const sizes: string[] = [];
    for (const [source, pages] of [
      [small, Number.POSITIVE_INFINITY],
      [world.home, options.sampledPages ?? 100],
    ] as const) {
      // One clean unlock first: it checkpoints the WAL into vault.db and takes the day's backup.
      const clean = await runAikey({ ...world, home: source }, [
        'keys',
        'list',
        '--password-file',
        world.passwordFile,
      ]);
      if (clean.code !== 0) throw new Error(`the undamaged vault did not open: ${clean.stderr.trim()}`);
      const size = statSync(join(source, 'vault.db')).size;
      sizes.push(`${Math.ceil(size / PAGE)} pages`);
      const cases =
        source === small
          ? pageFlips(size, rng, pages)
          : [...pageFlips(size, rng, pages), ...truncations(size), ...HEADER_EDITS];
      jobs.push(...cases.map((c) => ({ source, c })));
    }
    heading(
      `Part 6. Damage: ${jobs.length} damaged copies: every page of a small vault (${sizes[0]}), sampled pages, truncations and header edits of the trust vault (${sizes[1]})`,
    );
    const outcomes = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const { source, c } = jobs[next++]!;
        const home = world.tempDir('damaged');
        cpSync(source, home, { recursive: true });
        const damaged = c.damage(readFileSync(join(source, c.file)));
        if (damaged === null) rmSync(join(home, c.file));
        else writeFileSync(join(home, c.file), damaged);
        const before = filesUnder(home);
        const run = await runAikey({ ...world, home }, [
          'keys',
          'list',
          '--password-file',
          world.passwordFile,
        ]);
        const after = new Set(filesUnder(home));
        const deleted = before.filter((f) => !after.has(f)).map((f) => relative(home, join(home, f)));
        const changed =
          damaged === null
            ? existsSync(join(home, c.file))
            : !readFileSync(join(home, c.file)).equals(damaged);
        rmSync(home, { recursive: true, force: true });
        outcomes.set(`exit ${run.code}`, (outcomes.get(`exit ${run.code}`) ?? 0) + 1);
        const problem = judge(c, run, deleted, changed);
        if (problem)
          failures.push(`${source === small ? 'small vault' : 'trust vault'}, ${c.name}: ${problem}`);
      }
    };
    await Promise.all([worker(), worker()]);
    const counts = [...outcomes].map(([k, n]) => `${k}: ${n}`).join(', ');
    report('aikey keys list on each damaged copy', counts, {
      ok: failures.length === 0,
      text: 'all exit 9, name the damage and the way back, delete nothing',
    });
    for (const f of failures.slice(0, 8)) console.log(`  ${f}`);
    return `${jobs.length} damaged copies: ${counts}; ${failures.length} wrong`;
  });
}
