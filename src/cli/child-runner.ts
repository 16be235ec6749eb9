// Runs the command of `exec` and `run`: the environment it was given, stdin passed through, signals
// forwarded, its exit code (or 128 + signal number) returned. When masking applies to an output, the
// child writes into a pipe and aikey copies it through an OutputMasker; otherwise the child inherits
// the terminal or file itself. A masked child therefore sees a pipe, not a TTY (no colours, no
// progress bars), which is why masking is automatic only where output is not a terminal.
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import spawn from 'cross-spawn';
import { CliError, EXIT } from './exit-codes.js';
import { OutputMasker, SecretMatcher } from './output-masking.js';
import { quoted } from './output.js';

/** auto: mask each output that is not a terminal; on: mask both (--mask); off: never (--no-masking). */
export type MaskingMode = 'auto' | 'on' | 'off';

export interface ChildSpec {
  command: readonly string[];
  env: Record<string, string | undefined>;
  /** Every value aikey put into the environment that is a secret (not base URLs). */
  secrets: readonly string[];
  masking: MaskingMode;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;

/** Whether one output is masked, given where it goes and how many secrets there are to look for. */
export function masksOutput(mode: MaskingMode, isTerminal: boolean, secrets: number): boolean {
  if (secrets === 0 || mode === 'off') return false;
  return mode === 'on' || !isTerminal;
}

/**
 * Copies a child's output through a masker to our own stream; resolves once everything is written.
 * If our stream goes away (a reader that stopped: EPIPE), `gone` runs: the child is sent SIGPIPE, as
 * a write to a closed pipe would have sent it unmasked (its end is a socket, which would report a
 * reset instead).
 */
function relay(source: Readable, matcher: SecretMatcher, target: Writable, gone: () => void): Promise<void> {
  const masker = new OutputMasker(matcher);
  return new Promise((resolve) => {
    let stopped = false;
    // Stays registered once it has fired: writes already queued may fail too.
    const stop = () => {
      if (stopped) return;
      stopped = true;
      source.unpipe(masker);
      masker.unpipe(target);
      gone();
      source.destroy();
      resolve();
    };
    target.on('error', stop);
    source.once('error', () => masker.end());
    masker.once('end', () => {
      if (!stopped) target.off('error', stop);
      resolve();
    });
    source.pipe(masker).pipe(target, { end: false });
  });
}

export async function runChild(spec: ChildSpec): Promise<number> {
  const [file, ...args] = spec.command;
  if (!file) throw new CliError(EXIT.usage, 'Usage', 'No command given after --.');
  const matcher = new SecretMatcher(spec.secrets);
  const maskOut = masksOutput(spec.masking, process.stdout.isTTY, matcher.size);
  const maskErr = masksOutput(spec.masking, process.stderr.isTTY, matcher.size);
  // Handlers go in before the spawn: a signal that arrived between the two would kill this process
  // by default and leave the child running without us. One that arrives first is passed on at once.
  let child: ChildProcess | null = null;
  const early: NodeJS.Signals[] = [];
  const handlers = FORWARDED.map((signal) => {
    const handler = () => {
      if (child) child.kill(signal);
      else early.push(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const release = () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  const spawned = spawn(file, args, {
    stdio: ['inherit', maskOut ? 'pipe' : 'inherit', maskErr ? 'pipe' : 'inherit'],
    env: spec.env,
  });
  child = spawned;
  for (const signal of early) spawned.kill(signal);
  const relays: Promise<void>[] = [];
  const gone = () => spawned.kill('SIGPIPE');
  if (maskOut && spawned.stdout) relays.push(relay(spawned.stdout, matcher, process.stdout, gone));
  if (maskErr && spawned.stderr) relays.push(relay(spawned.stderr, matcher, process.stderr, gone));
  const exited = new Promise<number>((resolve, reject) => {
    spawned.on('error', () => {
      release();
      reject(new CliError(EXIT.usage, 'ExecFailed', `Could not run ${quoted(file)}.`));
    });
    spawned.on('exit', (code, signal) => {
      release();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 1));
    });
  });
  const code = await exited;
  // Masked output still in flight is written before aikey reports the child's exit.
  await Promise.all(relays);
  return code;
}
