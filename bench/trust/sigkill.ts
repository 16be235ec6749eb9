// Part 4: SIGKILL mid-write. (a) `aikey keys add` killed at random moments around its own run time
// (so many kills land during the commit); (b) `aikey serve` killed while a client hammers it and CLI
// processes add keys and tokens beside it, then restarted. Afterwards every acknowledged write (exit
// 0) is there, every other run was the killed one (a kill never breaks the next process), the
// vault opens, and SQLite's integrity_check says ok.
import { heading, median, report } from '../lib.js';
import { KeepAliveClient } from './http.js';
import { createPrng, type Prng } from './prng.js';
import { runAikey, startServe, type CommandRecord } from './processes.js';
import { checkVault, PROVIDER, runPart, type PartResult, type TrustWorld } from './world.js';

export interface SigkillOptions {
  kills: number;
  seed: number;
}

const keyValue = (rng: Prng) => `sk-proj-${rng.text(48)}\n`;

function addKey(world: TrustWorld, name: string, rng: Prng, killAfterMs?: number): Promise<CommandRecord> {
  return runAikey(world, ['keys', 'add', PROVIDER, '--name', name, '--password-file', world.passwordFile], {
    stdin: keyValue(rng),
    ...(killAfterMs === undefined ? {} : { killAfterMs }),
  });
}

const killed = (r: CommandRecord) => r.signal === 'SIGKILL';

/** What the vault holds afterwards, checked from outside (the CLI) and inside (integrity_check). */
async function verify(
  world: TrustWorld,
  acknowledged: { keys: string[]; tokens: string[] },
  failures: string[],
): Promise<{ present: Set<string>; lost: number; integrity: string }> {
  const listed = await runAikey(world, ['keys', 'list', '--json', '--password-file', world.passwordFile]);
  if (listed.code !== 0) failures.push(`keys list exited ${listed.code}: ${listed.stderr.trim()}`);
  const names = new Set(
    listed.code === 0 ? (JSON.parse(listed.stdout) as { name: string }[]).map((k) => k.name) : [],
  );
  const check = await checkVault(world.home);
  const tokens = new Set(check.tokenNames);
  const lostKeys = acknowledged.keys.filter((n) => !names.has(n));
  const lostTokens = acknowledged.tokens.filter((n) => !tokens.has(n));
  if (check.integrity !== 'ok') failures.push(`integrity_check: ${check.integrity}`);
  if (lostKeys.length > 0) failures.push(`acknowledged keys missing: ${lostKeys.join(', ')}`);
  if (lostTokens.length > 0) failures.push(`acknowledged tokens missing: ${lostTokens.join(', ')}`);
  const lost = lostKeys.length + lostTokens.length;
  report('  acknowledged writes missing', String(lost), { ok: lost === 0, text: '0' });
  report('  integrity_check', check.integrity, { ok: check.integrity === 'ok', text: 'ok' });
  return { present: names, lost, integrity: check.integrity };
}

export function sigkillWrites(world: TrustWorld, options: SigkillOptions): Promise<PartResult> {
  return runPart('sigkill: keys add', async (failures) => {
    heading(`Part 4a. SIGKILL \`aikey keys add\` ${options.kills} times around its commit`);
    const rng = createPrng(options.seed);
    const acknowledged: string[] = [];
    const solo: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const run = await addKey(world, `m${i}`, rng);
      if (run.code !== 0) throw new Error(`keys add exited ${run.code}: ${run.stderr.trim()}`);
      acknowledged.push(`m${i}`);
      solo.push(run.ms);
    }
    const runMs = median(solo);
    const killedNames: string[] = [];
    const broken: string[] = [];
    for (let i = 0; i < options.kills; i += 1) {
      const run = await addKey(world, `k${i}`, rng, runMs * (0.5 + rng.next() * 0.7));
      if (run.code === 0) acknowledged.push(`k${i}`);
      else if (killed(run)) killedNames.push(`k${i}`);
      else broken.push(`k${i}: exit ${run.code} ${run.stderr.trim()}`);
    }
    report(
      'keys add run time (median of 3, unkilled)',
      `${runMs.toFixed(0)} ms; kills drawn in 0.5x..1.2x of it`,
    );
    report('runs that failed without being killed', String(broken.length), {
      ok: broken.length === 0,
      text: '0',
    });
    if (broken.length > 0)
      failures.push(`runs failed after an earlier kill: ${broken.slice(0, 5).join(' | ')}`);
    const { present, lost, integrity } = await verify(world, { keys: acknowledged, tokens: [] }, failures);
    const committed = killedNames.filter((n) => present.has(n)).length;
    report(
      'acknowledged / killed after the commit / killed before it',
      `${acknowledged.length - 3} / ${committed} / ${killedNames.length - committed}`,
    );
    return `${options.kills} kills: ${acknowledged.length - 3} acknowledged, ${committed} committed unacknowledged, ${lost} lost, integrity ${integrity}`;
  });
}

export function sigkillServe(world: TrustWorld, options: SigkillOptions): Promise<PartResult> {
  return runPart('sigkill: serve', async (failures) => {
    heading(`Part 4b. SIGKILL \`aikey serve\` ${options.kills} times under load, with CLI writers beside it`);
    const rng = createPrng(options.seed);
    const acknowledged = { keys: [] as string[], tokens: [] as string[] };
    let served = 0;
    const refused: string[] = [];
    const broken: string[] = [];
    for (let i = 0; i < options.kills; i += 1) {
      const serve = await startServe(world);
      let hammering = true;
      const client = new KeepAliveClient(serve.port);
      const hammer = (async () => {
        while (hammering) {
          const answer = await client
            .get(`/v1/keys/${PROVIDER}`, { Authorization: `Bearer ${world.token}` })
            .catch(() => null);
          // The connection dies with the kill; any answer before it must be a 200.
          if (answer === null) return;
          if (answer.status === 200) served += 1;
          else refused.push(`${answer.status} ${answer.body.slice(0, 100)}`);
        }
      })();
      const writes = Promise.all([
        addKey(world, `s${i}`, rng),
        runAikey(world, ['tokens', 'create', `t${i}`, '--password-file', world.passwordFile]),
      ]);
      await new Promise((resolve) => setTimeout(resolve, rng.between(50, 1_200)));
      await serve.kill();
      hammering = false;
      await hammer;
      client.close();
      const [key, token] = await writes;
      if (key.code === 0) acknowledged.keys.push(`s${i}`);
      else broken.push(`keys add s${i}: exit ${key.code} ${key.stderr.trim()}`);
      if (token.code === 0) acknowledged.tokens.push(`t${i}`);
      else broken.push(`tokens create t${i}: exit ${token.code} ${token.stderr.trim()}`);
    }
    const serve = await startServe(world);
    const client = new KeepAliveClient(serve.port);
    const after = await client.get(`/v1/keys/${PROVIDER}`, { Authorization: `Bearer ${world.token}` });
    client.close();
    await serve.stop();
    report('reads answered 200 between kills / answered otherwise', `${served} / ${refused.length}`);
    report('writers beside serve that failed', String(broken.length), { ok: broken.length === 0, text: '0' });
    report('restarted serve answers GET /v1/keys', String(after.status), {
      ok: after.status === 200,
      text: '200',
    });
    if (broken.length > 0) failures.push(`writers failed: ${broken.slice(0, 5).join(' | ')}`);
    if (refused.length > 0)
      failures.push(`${refused.length} reads were refused, e.g. ${refused.slice(0, 3).join(' | ')}`);
    if (after.status !== 200) failures.push(`after the last kill, serve answered ${after.status}`);
    const { lost, integrity } = await verify(world, acknowledged, failures);
    return `${options.kills} kills, ${served} reads, ${acknowledged.keys.length + acknowledged.tokens.length} writes acknowledged, ${lost} lost, integrity ${integrity}`;
  });
}
