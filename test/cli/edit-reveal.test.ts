// `aikey keys edit`, `aikey keys reveal` and `aikey tokens edit` as a user runs them: each change
// lands and leaves its audit entry as the desktop's would, a new key value is a rotation, reveal
// never prints a key onto a terminal unasked, and every refusal exits with its code, changing nothing.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { KeySummary } from '#shared/schemas/keys.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { AIKEY_BIN, aikeyEnv } from '../helpers/aikey-process.js';
import { cliVault, type CliVault } from '../helpers/cli-vault.js';
import { hasScript, inTerminal } from '../helpers/terminal.js';
import { OTHER_STRONG_PASSWORD, SAMPLE_KEYS } from '../helpers/temp-wallet.js';

const NEW_VALUE = `sk-ant-api03-${'Nw4'.repeat(30)}c3D4`;
const DAY_MS = 86_400_000;

let tokenValue = '';
const cliEntries = async (v: CliVault) => (await v.audit()).filter((e) => e.actorType === 'cli');

const seeded = () =>
  cliVault((wallet) => {
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic, notes: 'old notes' });
    wallet.keys.create({ provider: 'anthropic', name: 'work', secret: SAMPLE_KEYS.anthropic });
    tokenValue = wallet.tokens.create({ name: 'ci', scope: { providers: ['anthropic'] } }).token;
  });

/** A key and its value, read in this process (the reveal is audited as the app's, not the CLI's). */
const keyNamed = (v: CliVault, name: string) =>
  v.inspect((w) => {
    const key = w.keys.list().find((k) => k.name === name)!;
    return { ...key, value: w.keys.reveal(key.id) };
  });

describe('aikey keys edit', () => {
  it('edits name, notes, base URL and expiry; --expires none and an empty --notes clear them; audited', async () => {
    const v = await seeded();
    const edited = await v.admin([
      'keys',
      'edit',
      'anthropic/default',
      '--name',
      'personal',
      '--notes',
      'team budget',
      '--base-url',
      'https://proxy.example.com/v1',
      '--expires',
      '30d',
      '--json',
    ]);
    expect([edited.code, edited.stderr]).toEqual([0, '']);
    const key = JSON.parse(edited.stdout) as KeySummary;
    expect(key).toMatchObject({
      provider: 'anthropic',
      name: 'personal',
      notes: 'team budget',
      baseUrl: 'https://proxy.example.com/v1',
      previousMasked: null,
    });
    expect(key.expiresAt! - Date.now()).toBeGreaterThan(29 * DAY_MS);
    const [entry] = await v.audit();
    expect(entry).toMatchObject({
      action: 'key.update',
      actorType: 'cli',
      actorName: 'aikey',
      keyName: 'personal',
      result: 'ok',
    });
    const cleared = await v.admin(['keys', 'edit', key.id, '--expires', 'none', '--notes', '']);
    expect([cleared.code, cleared.stdout]).toEqual([0, 'Updated anthropic/personal (Personal).\n']);
    expect(await keyNamed(v, 'personal')).toMatchObject({
      expiresAt: null,
      notes: null,
      value: SAMPLE_KEYS.anthropic,
    });
  });

  it('--value replaces the key from stdin as a rotation (previousMasked, rotatedAt, key.rotate)', async () => {
    const v = await seeded();
    const rotated = await v.admin(['keys', 'edit', 'anthropic', '--value'], { stdin: `${NEW_VALUE}\n` });
    expect([rotated.code, rotated.stderr]).toEqual([0, '']);
    expect(rotated.stdout).toBe(
      'Replaced the value of anthropic/default (Personal): now sk-ant-api03-…c3D4, was sk-ant-api03-…a1B2.\n',
    );
    expect(rotated.stdout).not.toContain(NEW_VALUE);
    const key = await keyNamed(v, 'default');
    expect(key).toMatchObject({ value: NEW_VALUE, previousMasked: 'sk-ant-api03-…a1B2', notes: 'old notes' });
    expect(key.rotatedAt).not.toBeNull();
    expect((await cliEntries(v))[0]).toMatchObject({
      action: 'key.rotate',
      actorName: 'aikey',
      keyName: 'default',
    });
  });

  it('refuses bad input with its exit code and changes nothing', async () => {
    const v = await seeded();
    const before = await keyNamed(v, 'default');
    const cases: [string[], number, RegExp, string?][] = [
      [['keys', 'edit', 'anthropic/nope', '--notes', 'x'], 7, /No key matches "anthropic\/nope"/],
      [['keys', 'edit', 'anthropic', '--name', 'work'], 2, /already has a key .* named "work"/],
      [['keys', 'edit', 'anthropic'], 2, /Nothing to change/],
      [['keys', 'edit', 'anthropic', '--expires', '30'], 2, /--expires "30" needs a unit/],
      [['keys', 'edit', 'anthropic', '--base-url', 'ftp://x'], 2, /base URL/],
      [
        ['keys', 'edit', 'anthropic', NEW_VALUE, '--value'],
        2,
        /^aikey: Too many arguments for `aikey keys edit`/,
      ],
      [['keys', 'edit', 'anthropic', '--value'], 2, /does not look like an? Anthropic key/, 'not-a-key\n'],
    ];
    for (const [args, code, message, stdin] of cases) {
      const result = await v.admin(args, stdin === undefined ? {} : { stdin });
      expect([args, result.code], result.stderr).toEqual([args, code]);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain(NEW_VALUE);
    }
    const wrong = await v.admin(['keys', 'edit', 'anthropic', '--notes', 'x'], {
      passwordFile: v.file('wrong', OTHER_STRONG_PASSWORD),
    });
    expect(wrong.code).toBe(8);
    expect(await keyNamed(v, 'default')).toEqual(before);
    expect(await cliEntries(v)).toEqual([]);
  });
});

describe('aikey keys reveal', () => {
  it('prints the key when piped, with --json in its shape, audited as a reveal', async () => {
    const v = await seeded();
    const plain = await v.admin(['keys', 'reveal', 'anthropic']);
    expect([plain.code, plain.stdout, plain.stderr]).toEqual([0, `${SAMPLE_KEYS.anthropic}\n`, '']);
    const json = await v.admin(['keys', 'reveal', 'anthropic/work', '--json']);
    const shape = JSON.parse(json.stdout) as Record<string, string>;
    expect(shape).toEqual({
      id: expect.any(String) as string,
      provider: 'anthropic',
      name: 'work',
      hub: 'Personal',
      key: SAMPLE_KEYS.anthropic,
    });
    const reveals = (await v.audit()).filter((e) => e.action === 'key.reveal');
    expect(reveals.map((e) => [e.keyName, e.actorType, e.actorName, e.result])).toEqual([
      ['work', 'cli', 'aikey', 'ok'],
      ['default', 'cli', 'aikey', 'ok'],
    ]);
    expect(JSON.stringify(await v.audit())).not.toContain(SAMPLE_KEYS.anthropic);
  });

  it('exits 7 for no such key and 8 for a wrong password, printing nothing', async () => {
    const v = await seeded();
    const missing = await v.admin(['keys', 'reveal', 'openai']);
    expect([missing.code, missing.stdout]).toEqual([7, '']);
    const wrong = await v.admin(['keys', 'reveal', 'anthropic'], {
      passwordFile: v.file('wrong', OTHER_STRONG_PASSWORD),
    });
    expect([wrong.code, wrong.stdout]).toEqual([8, '']);
    expect((await v.audit()).filter((e) => e.action === 'key.reveal')).toEqual([]);
  });

  it.runIf(hasScript)('refuses to print onto a terminal (exit 2) unless --show', async () => {
    const v = await seeded();
    const reveal = `${AIKEY_BIN} keys reveal anthropic --password-file ${v.passwordFile}`;
    const refused = await inTerminal(reveal, aikeyEnv(v.home));
    expect(refused.code).toBe(2);
    // At a terminal the "aikey:" prefix is coloured (NO_COLOR is not set here).
    expect(stripVTControlCharacters(refused.screen)).toContain(
      'aikey: refusing to print a key to the terminal; pass --show, or pipe it',
    );
    expect(refused.screen).not.toContain(SAMPLE_KEYS.anthropic);
    const piped = await inTerminal(`${reveal} | cat`, aikeyEnv(v.home));
    expect(piped.code).toBe(0);
    expect(piped.screen).toContain(SAMPLE_KEYS.anthropic);
    const shown = await inTerminal(`${reveal} --show`, aikeyEnv(v.home));
    expect(shown.code).toBe(0);
    expect(shown.screen).toContain(SAMPLE_KEYS.anthropic);
    // The refusal came before the vault was opened: two reveals, not three.
    expect((await v.audit()).filter((e) => e.action === 'key.reveal')).toHaveLength(2);
  });
});

describe('aikey tokens edit', () => {
  it('changes scope and expiry; the same token value keeps working within the new scope; audited', async () => {
    const v = await seeded();
    const edited = await v.admin([
      'tokens',
      'edit',
      'ci',
      '--providers',
      'openai,groq',
      '--hub',
      'Personal',
      '--keys',
      'work',
      '--expires',
      '7d',
      '--json',
    ]);
    expect([edited.code, edited.stderr]).toEqual([0, '']);
    const token = JSON.parse(edited.stdout) as TokenSummary;
    expect(token.scope).toMatchObject({ providers: ['openai', 'groq'], keyNames: ['work'] });
    expect(token.scope.hubs).toHaveLength(1);
    expect(token.expiresAt! - Date.now()).toBeGreaterThan(6 * DAY_MS);
    expect(await v.inspect((w) => w.tokens.authenticate(tokenValue))).toMatchObject({
      kind: 'ok',
      token: { id: token.id, scope: token.scope },
    });
    const [entry] = await v.audit();
    expect(entry).toMatchObject({
      action: 'token.update',
      actorType: 'cli',
      actorName: 'aikey',
      result: 'ok',
    });
    expect(entry!.detail).toBe(`token "ci" (${token.masked}): providers, hubs, key names, expiry`);

    const widened = await v.admin([
      'tokens',
      'edit',
      token.id,
      '--providers',
      'all',
      '--hub',
      'all',
      '--keys',
      'all',
      '--expires',
      'none',
    ]);
    expect(widened.stdout).toBe(
      'Updated "ci": providers all; hubs all; keys all; expires never; ask before use off. Its value is unchanged.\n',
    );
    expect(await v.inspect((w) => w.tokens.get(token.id))).toMatchObject({
      scope: { providers: null, hubs: null, keyNames: null },
      expiresAt: null,
    });

    // "Ask before use" on and off again, each change audited by name.
    const asking = await v.admin(['tokens', 'edit', token.id, '--ask']);
    expect(asking.stdout).toContain('ask before use on');
    expect(await v.inspect((w) => w.tokens.get(token.id).askBeforeUse)).toBe(true);
    const [askEntry] = await v.audit();
    expect(askEntry!.detail).toBe(`token "ci" (${token.masked}): ask before use on`);
    await v.admin(['tokens', 'edit', token.id, '--no-ask']);
    expect(await v.inspect((w) => w.tokens.get(token.id).askBeforeUse)).toBe(false);
  });

  it('refuses bad input with its exit code and changes nothing', async () => {
    const v = await seeded();
    const before = await v.inspect((w) => w.tokens.list());
    const cases: [string[], number, RegExp][] = [
      [['tokens', 'edit', 'nope', '--expires', '1d'], 7, /No live access token/],
      [['tokens', 'edit', 'ci', '--providers', 'nope'], 2, /scope\.providers\.0/],
      [['tokens', 'edit', 'ci', '--hub', 'Nowhere'], 7, /No hub with that name/],
      [['tokens', 'edit', 'ci', '--expires', 'yesterday'], 2, /--expires "yesterday"/],
      [['tokens', 'edit', 'ci'], 2, /Nothing to change/],
      [['tokens', 'edit'], 2, /Missing required argument 'token' \(see aikey tokens edit --help\)/],
    ];
    for (const [args, code, message] of cases) {
      const result = await v.admin(args);
      expect([args, result.code], result.stderr).toEqual([args, code]);
      expect(result.stderr).toMatch(message);
    }
    const wrong = await v.admin(['tokens', 'edit', 'ci', '--expires', '1d'], {
      passwordFile: v.file('wrong', OTHER_STRONG_PASSWORD),
    });
    expect(wrong.code).toBe(8);
    expect(await v.inspect((w) => w.tokens.list())).toEqual(before);
    expect((await v.audit()).filter((e) => e.action === 'token.update')).toEqual([]);
    // A revoked token cannot be edited.
    await v.admin(['tokens', 'revoke', 'ci']);
    expect((await v.admin(['tokens', 'edit', before[0]!.id, '--expires', 'none'])).code).toBe(7);
  });
});
