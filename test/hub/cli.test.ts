// The aikey-hub command as an operator uses it: init creates a team hub and prints a one-time owner
// invite for the URL wallets will use (default http://127.0.0.1:<port>); serve runs it; the owner's wallet joins with that invite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeInviteCode } from '#shared/hub-protocol.js';
import { joinHub, newDevice } from './hub-client.js';
import { runHubCli, serveHubProcess } from './spawn-hub.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aikey-hub-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Three Node processes and a fresh PGlite cluster: slow on a busy machine, hence the long timeout.
describe('aikey-hub init and serve (PGlite data directory)', () => {
  it('init prints a one-time owner invite; serve accepts it once', async () => {
    const init = await runHubCli(['init', '--name', 'CLI Team', '--data-dir', dataDir, '--port', '8899']);
    expect(init.code).toBe(0);
    const code = /aikey-invite:\S+/.exec(init.stdout)?.[0] ?? '';
    const invite = decodeInviteCode(code);
    expect(invite).toMatchObject({ u: 'http://127.0.0.1:8899', f: null });
    expect(init.stderr).not.toContain(invite.s);

    const hub = await serveHubProcess(['--data-dir', dataDir]);
    try {
      const refused = await runHubCli(['init', '--name', 'Third', '--data-dir', dataDir]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/running aikey-hub serves/);

      const owner = await joinHub(
        hub.url,
        invite.h,
        { inviteId: invite.i, inviteSecret: invite.s },
        newDevice('owner'),
      );
      expect(owner).toMatchObject({
        role: 'owner',
        status: 'active',
        hub: { id: invite.h, name: 'CLI Team' },
      });
      await expect(
        joinHub(hub.url, invite.h, { inviteId: invite.i, inviteSecret: invite.s }, newDevice('again')),
      ).rejects.toThrow(/invite_used/);
      expect(hub.output()).not.toContain(invite.s);
      expect(hub.output()).not.toContain(owner.token);
    } finally {
      await hub.stop();
    }
  }, 90_000);

  it('bad usage exits 2 with one clear line', async () => {
    const missingName = await runHubCli(['init', '--data-dir', dataDir]);
    expect([missingName.code, missingName.stderr.trim()]).toEqual([
      2,
      expect.stringMatching(/^aikey-hub: init needs --name/),
    ]);
    const unknown = await runHubCli(['frobnicate']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, expect.stringMatching(/Unknown command/)]);
  });
});
