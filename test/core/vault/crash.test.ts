// SIGKILL a writer mid-stream, many times: the database must pass integrity_check and hold every
// write that was acknowledged before the kill.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, unlockedWallet } from '../../helpers/temp-wallet.js';

const writer = join(process.cwd(), 'test', 'fixtures', 'key-writer.ts');

function runAndKill(dataDir: string, prefix: string, afterAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // The loader runs in-process, so SIGKILL reaches the very process that writes.
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, prefix], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(`${STRONG_PASSWORD}\n`);
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      acked.push(...lines);
      if (acked.length >= afterAcks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited on its own: ${stderr.slice(0, 500)}`));
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged write and a sound database across repeated SIGKILLs', async () => {
    const wallet = await unlockedWallet();
    wallet.vault.lock();
    const acknowledged: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      acknowledged.push(...(await runAndKill(wallet.vault.paths.dir, `r${round}`, 15 + round * 7)));
    }
    await wallet.vault.unlock(STRONG_PASSWORD);
    const { sqlite } = wallet.vault.session();
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(wallet.keys.list().map((k) => k.name));
    expect(acknowledged.length).toBeGreaterThan(60);
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
  }, 120_000);
});
