// `aikey passwd` and `aikey recover` as a user runs them: the new password opens the vault and the
// old one stops working, recovery issues a new recovery key and retires the used one, each leaves
// its audit entry, and every refusal (weak, wrong, mismatched) exits with its code and changes nothing.
import { describe, expect, it } from 'vitest';
import { AIKEY_BIN, aikeyEnv } from '../helpers/aikey-process.js';
import { cliVault } from '../helpers/cli-vault.js';
import { hasScript, inTerminal } from '../helpers/terminal.js';
import { OTHER_STRONG_PASSWORD, SAMPLE_KEYS } from '../helpers/temp-wallet.js';

const RECOVERY_KEY = /^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/;

const withKey = () =>
  cliVault((wallet) => void wallet.keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq }));

describe('aikey passwd', () => {
  it('changes the master password: the new one unlocks, the old one fails with exit 8; audited', async () => {
    const v = await withKey();
    const next = v.file('new-password', OTHER_STRONG_PASSWORD);
    const changed = await v.admin(['passwd', '--new-password-file', next]);
    expect([changed.code, changed.stderr]).toEqual([0, '']);
    expect(changed.stdout).toBe('Master password changed. The recovery key stays the same.\n');
    const old = await v.admin(['keys', 'list']);
    expect([old.code, old.stderr]).toEqual([8, 'aikey: That master password is not correct.\n']);
    const listed = await v.admin(['keys', 'list', '--json'], { passwordFile: next });
    expect((JSON.parse(listed.stdout) as { provider: string }[]).map((k) => k.provider)).toEqual(['groq']);
    const [entry] = await v.audit(next);
    expect(entry).toMatchObject({
      action: 'vault.change_password',
      actorType: 'cli',
      actorName: 'aikey',
      result: 'ok',
    });
    // --json, and back again; the recovery key still opens the vault.
    const back = await v.admin(['passwd', '--json', '--new-password-file', v.passwordFile], {
      passwordFile: next,
    });
    expect([back.code, JSON.parse(back.stdout)]).toEqual([0, { changed: true }]);
    expect(await v.inspect((w) => w.keys.list().length)).toBe(1);
    const recovered = await v.aikey([
      'recover',
      '--recovery-key-file',
      v.file('recovery', v.recoveryKey),
      '--new-password-file',
      next,
    ]);
    expect(recovered.code).toBe(0);
  });

  it('refuses a weak new password (exit 2, with the reason) and changes nothing', async () => {
    const v = await withKey();
    const before = v.digest();
    const weak = await v.admin(['passwd', '--new-password-file', v.file('weak', 'password1')]);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/^aikey: .*(common|guess|least)/i);
    expect(weak.stderr.split('\n')).toHaveLength(2);
    expect(v.digest()).toBe(before);
    expect((await v.admin(['keys', 'list'])).code).toBe(0);
    expect((await v.audit()).filter((e) => e.action === 'vault.change_password')).toEqual([]);
  });

  it('refuses a wrong current password (exit 8) before asking for a new one; nothing changes', async () => {
    const v = await withKey();
    const before = v.digest();
    // No --new-password-file and no terminal: reaching the new-password prompt would exit 2.
    const wrong = await v.admin(['passwd'], { passwordFile: v.file('wrong', OTHER_STRONG_PASSWORD) });
    expect([wrong.code, wrong.stderr]).toEqual([8, 'aikey: That master password is not correct.\n']);
    expect(v.digest()).toBe(before);
    const json = await v.admin(['passwd', '--json'], {
      passwordFile: v.file('wrong', OTHER_STRONG_PASSWORD),
    });
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'WrongPassword', message: 'That master password is not correct.' },
    });
    expect((await v.admin(['keys', 'list'])).code).toBe(0);
  });

  it('exits 9 when there is no vault, and 2 when the new password file cannot be read', async () => {
    const v = await withKey();
    const unreadable = await v.admin(['passwd', '--new-password-file', `${v.root}/nope`]);
    expect([unreadable.code, unreadable.stderr]).toEqual([
      2,
      'aikey: The new password file could not be read.\n',
    ]);
    const none = await v.aikey(['passwd'], { env: { AIKEY_HOME: `${v.root}/elsewhere` } });
    expect([none.code, none.stderr]).toEqual([
      9,
      'aikey: No vault here yet. Create one with `aikey init`.\n',
    ]);
  });

  it.runIf(hasScript)('asks for the new password twice at the hidden prompt; they must match', async () => {
    const v = await withKey();
    const before = v.digest();
    const env = aikeyEnv(v.home);
    const passwd = `${AIKEY_BIN} passwd --password-file ${v.passwordFile}`;
    const mismatch = await inTerminal(passwd, env, [
      ['New master password: ', OTHER_STRONG_PASSWORD],
      ['Repeat the new master password: ', `${OTHER_STRONG_PASSWORD}x`],
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.screen).toContain('The two new passwords differ; nothing was changed.');
    expect(v.digest()).toBe(before);
    const typed = await inTerminal(passwd, env, [
      ['New master password: ', OTHER_STRONG_PASSWORD],
      ['Repeat the new master password: ', OTHER_STRONG_PASSWORD],
    ]);
    expect(typed.code).toBe(0);
    expect(typed.screen).toContain('Master password changed.');
    expect(typed.screen).not.toContain(OTHER_STRONG_PASSWORD);
    expect(await v.inspect((w) => w.keys.list().length, OTHER_STRONG_PASSWORD)).toBe(1);
  });
});

describe('aikey recover', () => {
  it('sets a new password with the recovery key and prints a new recovery key that works; the old one fails', async () => {
    const v = await withKey();
    const oldKey = v.file('recovery', v.recoveryKey);
    const next = v.file('new-password', OTHER_STRONG_PASSWORD);
    const recovered = await v.aikey(['recover', '--recovery-key-file', oldKey, '--new-password-file', next]);
    expect([recovered.code, recovered.stderr]).toEqual([0, '']);
    const printed = /New recovery key: (\S+)/.exec(recovered.stdout)?.[1] ?? '';
    expect(printed).toMatch(RECOVERY_KEY);
    expect(printed).not.toBe(v.recoveryKey);
    expect((await v.admin(['keys', 'list'])).code).toBe(8);
    expect((await v.admin(['keys', 'list'], { passwordFile: next })).code).toBe(0);
    const [entry] = await v.audit(next);
    expect(entry).toMatchObject({
      action: 'vault.recover',
      actorType: 'cli',
      actorName: 'aikey',
      result: 'ok',
    });

    const before = v.digest();
    const reused = await v.aikey([
      'recover',
      '--recovery-key-file',
      oldKey,
      '--new-password-file',
      v.passwordFile,
    ]);
    expect([reused.code, reused.stderr]).toEqual([8, 'aikey: That recovery key does not open this vault.\n']);
    expect(v.digest()).toBe(before);

    const again = await v.aikey([
      'recover',
      '--json',
      '--recovery-key-file',
      v.file('printed', printed),
      '--new-password-file',
      v.passwordFile,
    ]);
    expect(again.code).toBe(0);
    const shape = JSON.parse(again.stdout) as { recoveryKey: string };
    expect(Object.keys(shape)).toEqual(['recoveryKey']);
    expect(shape.recoveryKey).toMatch(RECOVERY_KEY);
    expect(await v.inspect((w) => w.keys.list().length)).toBe(1);
  });

  it('refuses a wrong or malformed recovery key (exit 8) and a weak password (exit 2); nothing changes', async () => {
    const v = await withKey();
    const before = v.digest();
    const next = v.file('new-password', OTHER_STRONG_PASSWORD);
    const wrong = await v.aikey([
      'recover',
      '--recovery-key-file',
      v.file('wrong', 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH'),
      '--new-password-file',
      next,
    ]);
    expect([wrong.code, wrong.stderr]).toEqual([8, 'aikey: That recovery key does not open this vault.\n']);
    // A mistyped length is refused before the new password is asked for (no terminal here: exit 2).
    const short = await v.aikey(['recover', '--recovery-key-file', v.file('short', 'AAAA-BBBB')]);
    expect([short.code, short.stderr]).toEqual([
      8,
      'aikey: A recovery key has 32 characters (8 groups of 4).\n',
    ]);
    const weak = await v.aikey([
      'recover',
      '--recovery-key-file',
      v.file('recovery', v.recoveryKey),
      '--new-password-file',
      v.file('weak', 'password1'),
    ]);
    expect(weak.code).toBe(2);
    expect(v.digest()).toBe(before);
    expect((await v.admin(['keys', 'list'])).code).toBe(0);
    expect((await v.audit()).filter((e) => e.action === 'vault.recover')).toEqual([]);
    // The recovery key still works after the refusals.
    const ok = await v.aikey([
      'recover',
      '--recovery-key-file',
      `${v.root}/recovery`,
      '--new-password-file',
      next,
    ]);
    expect(ok.code).toBe(0);
    expect(await v.inspect((w) => w.keys.list().length, OTHER_STRONG_PASSWORD)).toBe(1);
  });
});
