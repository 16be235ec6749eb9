// Runs the built aikey (out/cli, built by `npm run build:cli` before the tests) in its own process
// against a wallet endpoint, keeping stdout as bytes (masking tests compare them), and lists what the
// bundle a command loads would import.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aikeyEnv, type AikeyResult } from './aikey-process.js';

export const CLI_BUNDLE = join(process.cwd(), 'out', 'cli', 'aikey.mjs');

/**
 * Every bundle file the entry loads up front, and the chunks of the named commands (loaded when
 * they run), with the files those import in turn: what a command loads, by file name.
 */
export function loadedFiles(commands: readonly string[]): Map<string, string> {
  const dir = join(process.cwd(), 'out', 'cli');
  const chunks = readdirSync(join(dir, 'chunks'));
  const pending = [
    'aikey.mjs',
    ...chunks.filter((f) => commands.some((c) => f.startsWith(`${c}-`))).map((f) => `chunks/${f}`),
  ];
  const seen = new Map<string, string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    seen.set(file, text);
    for (const [, target] of text.matchAll(/^import[^;]*?from\s*"\.\/(?:chunks\/)?([^"]+)"/gm)) {
      pending.push(`chunks/${target!.replace(/^chunks\//, '')}`);
    }
  }
  return seen;
}

export interface RefsRun {
  args: string[];
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  cwd?: string;
  /** Called once the process is running (to send it signals). */
  started?: (pid: number) => void;
}

export async function runRefs(home: string, run: RefsRun): Promise<AikeyResult & { raw: Buffer }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...run.args], {
      env: aikeyEnv(home, run.env),
      cwd: run.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(run.stdin ?? '');
    if (child.pid !== undefined) run.started?.(child.pid);
    child.on('close', (code) => {
      const raw = Buffer.concat(out);
      resolve({ code, stdout: raw.toString(), stderr, raw });
    });
  });
}
