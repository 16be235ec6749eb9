// A damaged vault through the CLI: every command that opens it exits 9 and names the backup and
// `aikey restore`; serve refuses to start; restore brings the backup back and keeps the damaged file;
// on a healthy vault restore refuses and changes nothing.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAikey } from '../helpers/aikey-process.js';
import { SAMPLE_KEYS } from '../helpers/temp-wallet.js';

const PASSWORD = 'tangerine-glacier-harbor-4471';
let root = '';
let home = '';
let passwordFile = '';
const aikey = (args: string[], stdin?: string) =>
  runAikey(home, [...args, '--password-file', passwordFile], stdin === undefined ? {} : { stdin });
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aikey-damage-'));
  home = join(root, 'home');
  passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  expect((await aikey(['init'])).code).toBe(0);
  expect((await aikey(['keys', 'add', 'groq'], `${SAMPLE_KEYS.groq}\n`)).code).toBe(0);
  // The daily backup is taken at the first unlock of a day, before that day's changes; stand in for
  // one taken after the key was added (as tomorrow's first unlock would).
  const backups = join(home, 'backups');
  for (const old of readdirSync(backups)) rmSync(join(backups, old));
  copyFileSync(join(home, 'vault.db'), join(backups, `vault-${new Date().toISOString().slice(0, 10)}.db`));
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a damaged vault through the CLI', () => {
  it('restore on a healthy vault refuses and changes nothing', async () => {
    const before = sha(join(home, 'vault.db'));
    const result = await aikey(['restore']);
    expect([result.code, result.stderr]).toEqual([
      2,
      'aikey: The vault opens and passes its integrity check: there is nothing to restore.\n',
    ]);
    expect(sha(join(home, 'vault.db'))).toBe(before);
  });

  it('a flipped byte or an emptied file: exit 9 naming the backup; serve refuses; restore brings it back', async () => {
    const file = join(home, 'vault.db');
    const original = readFileSync(file);
    const flipped = Buffer.from(original);
    flipped[4096 * 2 + 500] = flipped[4096 * 2 + 500]! ^ 0x01;
    for (const damaged of [flipped, Buffer.alloc(0)]) {
      writeFileSync(file, damaged);
      for (const args of [
        ['keys', 'list'],
        ['tokens', 'list'],
        ['serve', '--port', '0'],
      ]) {
        const result = await aikey(args);
        expect([args.join(' '), result.code]).toEqual([args.join(' '), 9]);
        expect(result.stderr).toMatch(
          /backups\/vault-\d{4}-\d{2}-\d{2}\.db: restore it with `aikey restore`/,
        );
        expect(readFileSync(file).equals(damaged)).toBe(true);
      }
    }
    const restored = await aikey(['restore']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored vault-\d{4}-\d{2}-\d{2}\.db \(1 keys\)/);
    expect(readdirSync(home).filter((f) => f.startsWith('vault.db.damaged-'))).toHaveLength(1);
    const listed = await aikey(['keys', 'list', '--json']);
    expect((JSON.parse(listed.stdout) as { provider: string }[]).map((k) => k.provider)).toEqual(['groq']);
  });

  it('a lost header: exit 9 naming it, not "create one"; init then keeps the old database aside', async () => {
    const lost = join(root, 'lost');
    cpSync(home, lost, { recursive: true });
    rmSync(join(lost, 'vault.header.json'));
    const before = sha(join(lost, 'vault.db'));
    const listed = await runAikey(lost, ['keys', 'list', '--password-file', passwordFile]);
    expect(listed.code).toBe(9);
    expect(listed.stderr).toMatch(
      /^aikey: The vault header is missing beside .*vault\.db\. Put back your copy/,
    );
    const init = await runAikey(lost, ['init', '--password-file', passwordFile]);
    expect(init.code).toBe(0);
    const orphans = readdirSync(lost).filter((f) => f.startsWith('vault.db.orphan-'));
    expect(orphans.map((f) => sha(join(lost, f)))).toContain(before);
  });
});
