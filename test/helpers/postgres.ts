// A throwaway PostgreSQL cluster for tests and benchmarks: initdb and pg_ctl run as the postgres user
// in a fresh temp dir, listening on 127.0.0.1 only, on a free port, with a random password. stop()
// removes the whole cluster. Where that cannot work (not root, no binaries) postgresUnavailable()
// says why, so suites skip loudly instead of passing silently.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

const run = promisify(execFile);

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** Why a real PostgreSQL cannot be started here, or null when it can. */
export function postgresUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root, so initdb cannot run as the postgres user';
  if (!binDir()) return 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin';
  if (!postgresIds()) return 'there is no postgres user';
  return null;
}

/** Prints the reason once, for describe.skipIf(...): a skipped suite must say why. */
export function skipWithoutPostgres(): boolean {
  const reason = postgresUnavailable();
  if (reason) console.warn(`PostgreSQL tests skipped: ${reason}`);
  return reason !== null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Tests run with fsync off (throwaway data); `durable: true` keeps PostgreSQL's defaults for benchmarks. */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const reason = postgresUnavailable();
  const bin = binDir();
  const ids = postgresIds();
  if (reason || !bin || !ids) throw new Error(`Cannot start PostgreSQL: ${reason ?? 'unknown'}`);
  const dir = mkdtempSync(join(tmpdir(), 'aikey-pg-'));
  chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownSync(pwfile, ids.uid, ids.gid);
  const asPostgres = (tool: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir, timeout: 60_000 });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    await asPostgres('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--pwfile',
      pwfile,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    const port = await freePort();
    const fast = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off';
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast}`;
    await asPostgres('pg_ctl', [
      '-D',
      data,
      '-o',
      settings,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    let stopped: Promise<void> | null = null;
    return {
      url,
      stop: () => {
        stopped ??= asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(cleanup);
        return stopped;
      },
    };
  } catch (error) {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
    cleanup();
    throw error;
  }
}
