// Part 1: raw-socket HTTP fuzz of the wallet endpoint (`aikey serve`) and the team hub
// (`aikey-hub serve` on embedded PGlite). Malformed requests from fuzz-cases.ts go out over bare
// sockets, a few at a time; every status that comes back is counted. Passes when no answer is 5xx,
// the server process is still alive and GET /health answers 200 afterwards.
import { decodeInviteCode } from '#shared/hub-protocol.js';
import { bootstrapOwner } from '#test/hub/hub-client.js';
import { heading, report } from '../lib.js';
import { createCaseMaker, type FuzzTarget } from './fuzz-cases.js';
import { exchange, KeepAliveClient, statusCodes } from './http.js';
import { createPrng } from './prng.js';
import { HUB_BIN, runCommand, startHubServe, startServe, type ServerProcess } from './processes.js';
import { runPart, type PartResult, type TrustWorld } from './world.js';

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** Connections in flight at once. */
  concurrency?: number;
}

interface Tally {
  statuses: Map<string, number>;
  serverErrors: string[];
}

async function fuzz(server: ServerProcess, target: FuzzTarget, options: FuzzOptions): Promise<Tally> {
  const next = createCaseMaker(createPrng(options.seed), target);
  const cases = Array.from({ length: options.requests }, next);
  const tally: Tally = { statuses: new Map(), serverErrors: [] };
  const count = (key: string) => tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
  let index = 0;
  const worker = async () => {
    while (index < cases.length) {
      const number = index++;
      const fuzzCase = cases[number]!;
      const { data, ending } = await exchange(server.port, fuzzCase.chunks, {
        ...(fuzzCase.delayMs ? { delayMs: fuzzCase.delayMs } : {}),
        timeoutMs: 8_000,
      });
      const codes = statusCodes(data);
      if (codes.length === 0) count(`no answer (${ending})`);
      for (const code of codes) {
        count(String(code));
        if (code >= 500) {
          const sent = Buffer.concat(fuzzCase.chunks).subarray(0, 160).toString('latin1');
          tally.serverErrors.push(`case ${number} (${fuzzCase.kind}) -> ${code}: ${JSON.stringify(sent)}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return tally;
}

async function judge(
  name: string,
  server: ServerProcess,
  tally: Tally,
  options: FuzzOptions,
  failures: string[],
): Promise<string> {
  const health = new KeepAliveClient(server.port);
  const after = await health.get('/health').catch(() => ({ status: 0 }));
  health.close();
  const alive = server.alive();
  // An answer the client never saw still counts: the hub logs every request's status.
  const logged = server.output().match(/^aikey-hub: \S+ \S+ 5\d\d /gm)?.length ?? 0;
  const counts = [...tally.statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`);
  report(`${name}: ${options.requests} malformed requests, status counts`, counts.join(', '));
  const fives = tally.serverErrors.length + logged;
  report(`${name}: answers >= 500 (seen, logged)`, `${tally.serverErrors.length}, ${logged}`, {
    ok: fives === 0,
    text: '0, 0',
  });
  report(`${name}: alive afterwards, GET /health`, `${alive ? 'alive' : 'DEAD'}, ${after.status}`, {
    ok: alive && after.status === 200,
    text: 'alive, 200',
  });
  for (const line of tally.serverErrors.slice(0, 10)) failures.push(`${name} answered 5xx: ${line}`);
  if (logged > 0) {
    const lines = server
      .output()
      .split('\n')
      .filter((l) => /internal error| 5\d\d \d/.test(l));
    failures.push(`${name} logged ${logged} answers >= 500: ${lines.slice(0, 6).join(' | ')}`);
  }
  if (!alive) failures.push(`${name} died during the fuzz:\n${server.output().slice(-2000)}`);
  if (after.status !== 200) failures.push(`${name}: GET /health answered ${after.status} after the fuzz`);
  return `${options.requests} requests, ${fives} answers >= 500, /health ${after.status}`;
}

export function fuzzEndpoint(world: TrustWorld, options: FuzzOptions): Promise<PartResult> {
  return runPart('fuzz: endpoint', async (failures) => {
    heading(`Part 1a. Raw-socket HTTP fuzz of aikey serve (seed ${options.seed})`);
    const serve = await startServe(world);
    try {
      const paths = [
        '/health',
        '/v1/keys',
        '/v1/keys/openai',
        '/v1/keys/openai?name=default',
        '/v1/keys/anthropic?name=work',
        '/v1/env',
        '/v1/env?providers=openai,anthropic',
        '/v1/whoami',
        '/api/keys/provider/openai',
        '/v1/keys/nope',
        '/',
      ];
      const target: FuzzTarget = { port: serve.port, paths, bodyPaths: paths, token: world.token };
      return await judge('aikey serve', serve, await fuzz(serve, target, options), options, failures);
    } finally {
      await serve.stop();
    }
  });
}

export function fuzzHub(world: TrustWorld, options: FuzzOptions): Promise<PartResult> {
  return runPart('fuzz: hub', async (failures) => {
    heading(`Part 1b. Raw-socket HTTP fuzz of aikey-hub serve, PGlite (seed ${options.seed})`);
    const dataDir = world.tempDir('hub');
    const init = await runCommand(
      world,
      HUB_BIN,
      ['init', '--name', 'Trust', '--data-dir', dataDir, '--json'],
      { home: dataDir },
    );
    if (init.code !== 0) throw new Error(`aikey-hub init exited ${init.code}: ${init.stderr}`);
    const invite = decodeInviteCode((JSON.parse(init.stdout) as { inviteCode: string }).inviteCode);
    const hub = await startHubServe(world, dataDir);
    try {
      const owner = await bootstrapOwner(hub.url, {
        hubId: invite.h,
        inviteId: invite.i,
        inviteSecret: invite.s,
      });
      const base = `/v1/hubs/${invite.h}`;
      const item = '/items/0b0c2a52-7a8c-4f0e-9d1e-3f7f1d2b9a10';
      const paths = [
        '/health',
        `${base}/members`,
        `${base}/items?since=0`,
        `${base}/items?since=-1&limit=x`,
        `${base}/keys/mine`,
        `${base}${item}`,
        '/v1/hubs/not-a-hub/members',
        '/',
      ];
      const bodyPaths = [
        `${base}/join`,
        `${base}/invites`,
        `${base}/keys`,
        `${base}${item}`,
        `${base}/items:batch`,
        `${base}/rotate`,
        `${base}/members/${owner.memberId}/approve`,
      ];
      const target: FuzzTarget = { port: hub.port, paths, bodyPaths, token: owner.token };
      return await judge('aikey-hub serve', hub, await fuzz(hub, target, options), options, failures);
    } finally {
      await hub.stop();
    }
  });
}
