// The aikey-hub command: `serve` runs a team hub, `init` creates a team hub and prints its one-time
// owner invite. PostgreSQL comes from DATABASE_URL (never from argv: it may hold a password);
// without it, PGlite keeps the data in --data-dir. PGlite allows one process per data directory,
// so `serve` holds a pid file there and `init` refuses to open a directory a live hub is serving.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HubNameSchema } from '#shared/hub-api.js';
import { openStorage } from './db/database.js';
import { DEFAULT_HUB_PORT, startHub, teamInvite } from './server.js';
import { createTeam } from './store/teams.js';

const USAGE = `aikey-hub: the AIKey Wallet team hub (stores ciphertext only)

  aikey-hub serve [--port P] [--host H] [--data-dir D]
  aikey-hub init --name "Team" [--url U] [--port P] [--data-dir D] [--json]

Storage: PostgreSQL when DATABASE_URL is set, else embedded PGlite in --data-dir
(default $AIKEY_HUB_DATA or ~/.local/share/aikey-hub). Default port ${DEFAULT_HUB_PORT}, host 127.0.0.1.
init prints a one-time OWNER invite for the URL wallets will use (--url, default http://127.0.0.1:PORT).`;

class UsageError extends Error {}

function dataDirOf(flag: string | undefined): string {
  if (flag) return flag;
  if (process.env.AIKEY_HUB_DATA) return process.env.AIKEY_HUB_DATA;
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'aikey-hub');
}

function portOf(flag: string | undefined): number {
  const text = flag ?? process.env.AIKEY_HUB_PORT;
  if (text === undefined) return DEFAULT_HUB_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port takes a number from 0 to 65535.');
  return port;
}

const pidFile = (dataDir: string) => join(dataDir, 'aikey-hub.pid');

function liveServerPid(dataDir: string): number | null {
  if (!existsSync(pidFile(dataDir))) return null;
  const pid = Number(readFileSync(pidFile(dataDir), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function serve(values: Record<string, string | boolean | undefined>): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : dataDirOf(values['data-dir'] as string | undefined);
  if (dataDir) {
    const other = liveServerPid(dataDir);
    if (other) throw new UsageError(`Another aikey-hub (pid ${other}) already serves ${dataDir}.`);
  }
  const host = (values.host as string | undefined) ?? process.env.AIKEY_HUB_HOST ?? '127.0.0.1';
  const hub = await startHub({ dataDir, databaseUrl, port: portOf(values.port as string | undefined), host });
  if (dataDir) writeFileSync(pidFile(dataDir), `${process.pid}\n`, { mode: 0o600 });
  const stop = () => {
    void hub.close().finally(() => {
      if (dataDir && liveServerPid(dataDir) === null) rmSync(pidFile(dataDir), { force: true });
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function init(values: Record<string, string | boolean | undefined>): Promise<void> {
  const name = HubNameSchema.safeParse(values.name);
  if (!name.success)
    throw new UsageError('init needs --name "Team name" (letters, digits, spaces, . _ - @ ( ) \').');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : dataDirOf(values['data-dir'] as string | undefined);
  if (dataDir && liveServerPid(dataDir) !== null) {
    throw new UsageError(`A running aikey-hub serves ${dataDir}: stop it first, or use PostgreSQL.`);
  }
  const url =
    (values.url as string | undefined) ?? `http://127.0.0.1:${portOf(values.port as string | undefined)}`;
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new UsageError('--url must be the http(s) URL wallets will use.');
  const storage = await openStorage({ dataDir, databaseUrl });
  try {
    const team = teamInvite(
      await createTeam({ db: storage.db, now: Date.now }, name.data),
      url.replace(/\/+$/, ''),
    );
    if (values.json) {
      const { hubId, inviteCode, expiresAt } = team;
      process.stdout.write(`${JSON.stringify({ hubId, name: team.name, inviteCode, expiresAt })}\n`);
    } else {
      process.stdout.write(
        `Team hub "${team.name}" created (id ${team.hubId}).\n` +
          `One-time OWNER invite, valid until ${new Date(team.expiresAt).toISOString()}. ` +
          `Give it only to the owner's wallet (aikey hubs join):\n\n${team.inviteCode}\n`,
      );
    }
  } finally {
    await storage.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        name: { type: 'string' },
        url: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'Bad arguments.');
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  if (command === 'serve') await serve(parsed.values);
  else if (command === 'init') await init(parsed.values);
  else throw new UsageError(`Unknown command "${command}" (see aikey-hub --help).`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    // Only our own messages are printed whole; anything else could quote a connection string.
    const message = usage
      ? error.message
      : `failed to start (${(error as Error).name ?? 'Error'}: ${(error as { code?: string }).code ?? 'see the database and the data directory'})`;
    process.stderr.write(`aikey-hub: ${message}\n`);
    process.exit(usage ? 2 : 1);
  },
);
