// Builds test/helpers/refs-cli.ts the way scripts/build-cli.mjs builds the CLI (esbuild, split
// chunks, dependencies external) and runs it in its own process against a wallet endpoint.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { aikeyEnv, type AikeyResult } from './aikey-process.js';

let built: Promise<string> | null = null;

/** The bundle's directory; built once per test file. node_modules is linked beside it. */
export function buildRefsCli(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aikey-refs-cli-'));
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'));
    await build({
      entryPoints: { cli: 'test/helpers/refs-cli.ts' },
      outdir: dir,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      splitting: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      logLevel: 'warning',
    });
    return dir;
  })();
  return built;
}

/** The packages each file of the bundle imports, by file name. */
export function bundleImports(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const files = ['cli.mjs', ...readdirSync(join(dir, 'chunks')).map((f) => join('chunks', f))];
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    found.set(
      file,
      [...text.matchAll(/from\s*"([^".][^"]*)"/g)].map((m) => m[1]!),
    );
  }
  return found;
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
  const dir = await buildRefsCli();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'cli.mjs'), ...run.args], {
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
