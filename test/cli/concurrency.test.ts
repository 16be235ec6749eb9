// Concurrent writers on one vault: while `aikey serve` holds it open, parallel `aikey keys add`
// processes all succeed (each write transaction takes the lock up front and waits for it), and every
// acknowledged key is there afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIKEY_BIN, aikeyEnv, runAikey } from '../helpers/aikey-process.js';
import { SAMPLE_KEYS } from '../helpers/temp-wallet.js';

const WRITERS = 16;
const root = mkdtempSync(join(tmpdir(), 'aikey-concurrency-'));
const home = join(root, 'home');
const passwordFile = join(root, 'password');
let server: ChildProcess | null = null;

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('concurrent writers', () => {
  it(`${WRITERS} parallel keys add beside a running serve all succeed, and every key is there`, async () => {
    writeFileSync(passwordFile, 'tangerine-glacier-harbor-4471\n', { mode: 0o600 });
    expect((await runAikey(home, ['init', '--password-file', passwordFile])).code).toBe(0);
    server = spawn(AIKEY_BIN, ['serve', '--port', '0', '--password-file', passwordFile], {
      env: aikeyEnv(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) =>
      server!.stdout!.on('data', (c: Buffer) => c.includes('serving') && resolve()),
    );
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        runAikey(home, ['keys', 'add', 'openai', '--name', `writer-${i}`, '--password-file', passwordFile], {
          stdin: `${SAMPLE_KEYS.openai}\n`,
        }),
      ),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual(results.map(() => [0, '']));
    const listed = await runAikey(home, ['keys', 'list', '--json', '--password-file', passwordFile]);
    const names = (JSON.parse(listed.stdout) as { name: string }[]).map((k) => k.name).sort();
    expect(names).toEqual(Array.from({ length: WRITERS }, (_, i) => `writer-${i}`).sort());
  }, 120_000);
});
