// Runs the built CLI (bin/aikey) as a user would: its own process, a data directory of its own
// (AIKEY_HOME), no wallet token or URL leaking in from the environment that runs the tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const AIKEY_BIN = join(process.cwd(), 'bin', 'aikey.mjs');

export interface AikeyResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function aikeyEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(process.cwd(), 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    AIKEY_HOME: home,
    AIKEY_TOKEN: '',
    AIKEY_URL: '',
    ...extra,
  };
}

export function runAikey(
  home: string,
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<AikeyResult> {
  return new Promise((resolve) => {
    const child = spawn(AIKEY_BIN, args, {
      env: aikeyEnv(home, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
