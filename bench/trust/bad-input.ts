// Part 7: bad input for every aikey command that takes a value (the cases are in
// bad-input-cases.ts). Each must exit with a documented non-zero code (2 for bad input, or the
// lookup's "not found" where that is what happens), print one line on stderr and nothing on stdout,
// never "failed unexpectedly" (exit 1), and change nothing: the vault's keys, tokens and hubs read
// the same before and after.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWallet } from '#core/wallet.js';
import { heading, report } from '../lib.js';
import { adminCases, BIG, clientCases, type BadInput } from './bad-input-cases.js';
import { AIKEY_BIN, runAikey, runCommand, startServe, type CommandRecord } from './processes.js';
import { PASSWORD, runPart, type PartResult, type TrustWorld } from './world.js';

export interface BadInputOptions {
  /** At most this many cases per command (spread over its list); all of them when unset. */
  perCommand?: number;
}

/** The command a case exercises: `keys add`, `get`, `get` with AIKEY_URL set… */
function commandOf(c: BadInput): string {
  const words = ['keys', 'tokens', 'hubs'].includes(String(c.args[0]))
    ? c.args.slice(0, 2)
    : c.args.slice(0, 1);
  return [...words.map(String), ...Object.keys(c.env ?? {})].join(' ');
}

/** Up to `n` cases of each command, evenly spread over its cases. */
function perCommand(cases: BadInput[], n: number | undefined): BadInput[] {
  if (n === undefined) return cases;
  const groups = new Map<string, BadInput[]>();
  for (const c of cases) groups.set(commandOf(c), [...(groups.get(commandOf(c)) ?? []), c]);
  return [...groups.values()].flatMap((group) =>
    Array.from(
      { length: Math.min(n, group.length) },
      (_, i) => group[Math.floor((i * group.length) / Math.min(n, group.length))]!,
    ),
  );
}

/** A value as a report shows it: long ones by length, raw bytes in hex, control characters escaped. */
function show(value: string | Buffer): string {
  if (Buffer.isBuffer(value)) return `<bytes ${value.toString('hex')}>`;
  if (value.length > 40) return `<${value.length} chars>`;
  return JSON.stringify(value);
}

/** Runs one case; arguments holding raw bytes (invalid UTF-8) are built by sh's printf. */
function runCase(world: TrustWorld, c: BadInput, env: NodeJS.ProcessEnv): Promise<CommandRecord> {
  // A bad --port that is taken anyway starts serving: the timeout ends it, and judge() says so.
  const options = {
    env: { ...env, ...c.env },
    timeoutMs: c.args[0] === 'serve' ? 15_000 : 60_000,
    ...(c.stdin === undefined ? {} : { stdin: c.stdin }),
  };
  if (!c.args.some((a) => Buffer.isBuffer(a))) return runAikey(world, c.args as string[], options);
  const strings: string[] = [];
  const words = c.args.map((arg) => {
    if (!Buffer.isBuffer(arg)) return `"$${strings.push(arg)}"`;
    return `"$(printf '${[...arg].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')}')"`;
  });
  return runCommand(world, '/bin/sh', ['-c', `exec "$0" ${words.join(' ')}`, AIKEY_BIN, ...strings], {
    ...options,
    home: world.home,
  });
}

function judge(c: BadInput, run: CommandRecord): string | null {
  const allowed = c.allowed ?? [2];
  const err = run.stderr;
  if (run.code === null) return `did not finish (${run.signal}): it may have started serving`;
  if (!allowed.includes(run.code))
    return `exit ${run.code} (expected ${allowed.join(' or ')}): ${err.trim().slice(0, 200)}`;
  if (!/^aikey: [^\n]+\n$/.test(err)) return `stderr is not one line: ${JSON.stringify(err.slice(0, 300))}`;
  if (/unexpectedly/.test(err)) return `failed unexpectedly: ${err.trim()}`;
  if (run.stdout !== '') return `printed on stdout: ${JSON.stringify(run.stdout.slice(0, 200))}`;
  return null;
}

/** The vault's keys, tokens and hubs, without the fields that reads and time move. */
async function snapshot(world: TrustWorld): Promise<string> {
  const wallet = createWallet({ dataDir: world.home });
  try {
    await wallet.vault.unlock(PASSWORD);
    const strip = <T extends object>(rows: T[]) =>
      rows.map((row) => {
        const { usageCount: _u, lastUsedAt: _l, useCount: _c, ...rest } = row as Record<string, unknown>;
        return rest;
      });
    return JSON.stringify({
      keys: strip(wallet.keys.list({ state: 'live' })),
      deleted: strip(wallet.keys.list({ state: 'deleted' })),
      tokens: strip(wallet.tokens.list({ includeRevoked: true })),
      hubs: wallet.hubs.memberships(),
    });
  } finally {
    wallet.close();
  }
}

export function badInput(world: TrustWorld, options: BadInputOptions = {}): Promise<PartResult> {
  return runPart('bad input', async (failures) => {
    const dir = world.tempDir('bad-input');
    const files = {
      missing: join(dir, 'missing', 'file'),
      dir: join(dir, 'a-dir'),
      notADir: join(dir, 'not-a-dir'),
    };
    mkdirSync(files.dir);
    writeFileSync(files.notADir, 'plain file');
    const tokenFiles = [
      ['nul', `${world.token}\x00x`],
      ['invalid-utf8', Buffer.from([0x61, 0x69, 0x6b, 0x5f, 0xff, 0xfe])],
      ['big', BIG],
      ['newline', 'aik_a\nb'],
      ['empty', ''],
    ].map(([name, content]) => {
      const file = join(dir, `token-${name as string}`);
      writeFileSync(file, content!, { mode: 0o600 });
      return file;
    });
    const client = perCommand(clientCases({ ...files, tokenFiles }), options.perCommand);
    const admin = perCommand(adminCases(files), options.perCommand);
    heading(`Part 7. Bad input: ${client.length + admin.length} bad values across the aikey commands`);
    const before = await snapshot(world);
    const codes = new Map<string, number>();
    const check = async (cases: BadInput[], env: NodeJS.ProcessEnv, password: boolean) => {
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const ownPassword = c.args.includes('--password-file') || c.env?.AIKEY_PASSWORD_FILE !== undefined;
          const args = password && !ownPassword ? [...c.args, '--password-file', world.passwordFile] : c.args;
          const run = await runCase(world, { ...c, args }, env);
          codes.set(`exit ${run.code}`, (codes.get(`exit ${run.code}`) ?? 0) + 1);
          const problem = judge(c, run);
          if (problem)
            failures.push(
              `aikey ${c.args.map(show).join(' ')}${
                c.env
                  ? ` with ${Object.entries(c.env)
                      .map(([k, v]) => `${k}=${show(v ?? '')}`)
                      .join(' ')}`
                  : ''
              }${c.stdin === undefined ? '' : ` <<< ${show(c.stdin)}`}: ${problem}`,
            );
        }
      };
      await Promise.all([worker(), worker()]);
    };
    const serve = await startServe(world);
    try {
      await check(client, { AIKEY_URL: serve.url, AIKEY_TOKEN: world.token }, false);
    } finally {
      await serve.stop();
    }
    await check(admin, {}, true);
    const unchanged = (await snapshot(world)) === before;
    if (!unchanged) failures.push('the vault changed: its keys, tokens or hubs read differently afterwards');
    const counts = [...codes]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    report('exit codes', counts);
    report('cases with a wrong outcome', String(failures.length), { ok: failures.length === 0, text: '0' });
    report('vault unchanged (keys, deleted keys, tokens, hubs)', unchanged ? 'yes' : 'NO', {
      ok: unchanged,
      text: 'yes',
    });
    for (const f of failures.slice(0, 40)) console.log(`  ${f}`);
    return `${client.length + admin.length} bad values: ${counts}; ${failures.length} wrong`;
  });
}
