// The processes a trust run drives, black-box: the built CLI (bin/aikey.mjs), `aikey serve` and
// `aikey-hub serve`, each its own process with a controlled environment (AIKEY_HOME set, no token,
// URL or database URL leaking in). Everything they print is kept in a transcript, which the leak
// part searches; every process started here is remembered so a run never leaves one behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const AIKEY_BIN = join(ROOT, 'bin', 'aikey.mjs');
export const HUB_BIN = join(ROOT, 'bin', 'aikey-hub.mjs');

export interface CommandRecord {
  command: string;
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Everything the processes of a run printed, for the leak search. */
export class Transcript {
  readonly commands: CommandRecord[] = [];
  private readonly servers: { label: string; output: () => string }[] = [];

  addServer(label: string, output: () => string): void {
    this.servers.push({ label, output });
  }

  /** [where, text] pairs: server output, and commands' output (a successful `get` prints the key). */
  texts(): [string, string][] {
    const out: [string, string][] = this.servers.map((s) => [s.label, s.output()]);
    for (const c of this.commands) {
      const label = `${c.command} ${c.args.slice(0, 3).join(' ')}`;
      const printsKey =
        c.command === basename(AIKEY_BIN) && c.code === 0 && ['get', 'env', 'exec'].includes(c.args[0] ?? '');
      if (!printsKey) out.push([`${label} (stdout)`, c.stdout]);
      out.push([`${label} (stderr)`, c.stderr]);
    }
    return out;
  }
}

/** Every child started by the run; killAll() is the last resort of cleanup. */
export class ProcessRegistry {
  private readonly live = new Set<ChildProcess>();

  track(child: ChildProcess): ChildProcess {
    this.live.add(child);
    child.once('exit', () => this.live.delete(child));
    return child;
  }

  async killAll(): Promise<void> {
    const waits = [...this.live].map(
      (child) =>
        new Promise<void>((resolve) =>
          child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
        ),
    );
    for (const child of this.live) child.kill('SIGKILL');
    await Promise.all(waits);
  }
}

/** The environment of a child: ours minus anything that would point it elsewhere. */
export function childEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AIKEY_') && name !== 'DATABASE_URL') env[name] = value;
  }
  return {
    ...env,
    PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    AIKEY_HOME: home,
    AIKEY_TOKEN: '',
    AIKEY_URL: '',
    ...extra,
  };
}

export interface RunOptions {
  stdin?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** SIGKILL the command this many ms after it started. */
  killAfterMs?: number;
  timeoutMs?: number;
}

interface RunContext {
  home: string;
  transcript: Transcript;
  processes: ProcessRegistry;
}

/** Runs a command to its end (or its kill) and records what it printed. */
export function runCommand(
  ctx: Omit<RunContext, 'home'>,
  command: string,
  args: string[],
  options: RunOptions & { home: string },
): Promise<CommandRecord> {
  const started = performance.now();
  const child = ctx.processes.track(
    spawn(command, args, { env: childEnv(options.home, options.env), stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const timers: NodeJS.Timeout[] = [];
  if (options.killAfterMs !== undefined)
    timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
  timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(options.stdin ?? '');
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      const record = {
        command: basename(command),
        args,
        code,
        signal,
        stdout,
        stderr,
        ms: performance.now() - started,
      };
      ctx.transcript.commands.push(record);
      resolve(record);
    });
  });
}

/** Runs `aikey args…` on ctx.home. */
export function runAikey(ctx: RunContext, args: string[], options: RunOptions = {}): Promise<CommandRecord> {
  return runCommand(ctx, AIKEY_BIN, args, { ...options, home: ctx.home });
}

export interface ServerProcess {
  pid: number;
  port: number;
  url: string;
  output(): string;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after a grace period; resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL; resolves once it exited. */
  kill(): Promise<void>;
}

/** Spawns a server and waits until it prints the URL it listens on. */
function startServer(
  processes: ProcessRegistry,
  transcript: Transcript,
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  listening: RegExp,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = processes.track(spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  transcript.addServer(`${label} (pid ${child.pid})`, () => output);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (ended()) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = listening.exec(output)?.[1];
      if (started || !url || child.pid === undefined) return;
      started = true;
      clearTimeout(timer);
      resolve({
        pid: child.pid,
        url,
        port: Number(new URL(url).port),
        output: () => output,
        alive: () => !ended(),
        stop: () => signal('SIGTERM', 10_000),
        kill: () => signal('SIGKILL', 10_000),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${label} exited with ${code} before it listened:\n${output}`));
    });
  });
}

export function startServe(
  ctx: { home: string; passwordFile: string; transcript: Transcript; processes: ProcessRegistry },
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  return startServer(
    ctx.processes,
    ctx.transcript,
    'aikey serve',
    AIKEY_BIN,
    ['serve', '--port', '0', '--password-file', ctx.passwordFile],
    childEnv(ctx.home, env),
    /serving (http:\/\/127\.0\.0\.1:\d+)/,
  );
}

export function startHubServe(
  ctx: { transcript: Transcript; processes: ProcessRegistry },
  dataDir: string,
): Promise<ServerProcess> {
  return startServer(
    ctx.processes,
    ctx.transcript,
    'aikey-hub serve',
    HUB_BIN,
    ['serve', '--port', '0', '--data-dir', dataDir],
    childEnv(dataDir),
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    120_000,
  );
}
