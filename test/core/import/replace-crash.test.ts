// SIGKILL a process in the middle of --replace, many times: the env file is always either the old
// content or the new, never torn, never empty, never missing.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-wallet.js';
import { plantedKey } from '../scan/planted-keys.js';

const replacer = join(process.cwd(), 'test', 'fixtures', 'env-replacer.ts');

function runAndKill(file: string, job: object, afterLines: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', replacer, file], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(`${JSON.stringify(job)}\n`);
    let seen = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').length - 1;
      if (seen >= afterLines) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(seen);
      else reject(new Error(`replacer exited on its own: ${stderr.slice(0, 500)}`));
    });
  });
}

describe('--replace under SIGKILL', () => {
  it('leaves the old or the new file, whole, across repeated kills', async () => {
    const secret = plantedKey('openai', 'crash');
    const reference = 'aikey://personal/openai/default';
    const original = `# keys\r\nPORT=1\r\nOPENAI_API_KEY="${secret}" # main\r\nLAST=x`;
    const rewritten = original.replace(secret, reference);
    const file = join(tempDir('aikey-replace-crash-'), '.env');
    writeFileSync(file, original);
    const job = { original, secret, reference, line: 3, variable: 'OPENAI_API_KEY' };
    let writes = 0;
    for (let round = 0; round < 12; round += 1) {
      writes += await runAndKill(file, job, 5 + round * 9);
      expect([original, rewritten]).toContain(readFileSync(file, 'utf8'));
    }
    expect(writes).toBeGreaterThan(100);
  }, 120_000);
});
