// Key values: only what a program can take (printable ASCII, no spaces) is stored; a value stored
// before that rule is left out of /v1/env with its name, so one bad key never breaks exec or env.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { seal } from '#core/crypto/aead.js';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { secretAad } from '#core/keys/key-rows.js';
import type { Wallet } from '#core/wallet.js';
import { bearer, rawGet } from '../../helpers/http.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import { codeOf } from '../../helpers/errors.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

/** Writes a value past every check, as an older version of the wallet could have. */
function plantStoredValue(wallet: Wallet, keyId: string, hubId: string, value: string): void {
  const session = wallet.vault.session();
  const sealed = seal(session.sealKey, Buffer.from(value, 'utf8'), secretAad(hubId, keyId));
  session.sqlite.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(sealed, keyId);
}

describe('key values', () => {
  it('refuses NUL bytes, raw bytes, inner spaces and oversize values, naming the rule; nothing is stored', async () => {
    const wallet = await unlockedWallet();
    const bad = [
      `sk-proj-abc\u0000def${'x'.repeat(40)}`,
      randomBytes(4096).toString('latin1'),
      randomBytes(4096).toString('utf8'),
      'sk-proj-abc def',
      `sk-${'é'.repeat(40)}`,
      'x'.repeat(8193),
    ];
    for (const secret of bad) {
      expect(
        codeOf(() =>
          wallet.keys.create({ provider: 'custom', name: 'odd', secret, baseUrl: 'https://x.example' }),
        ),
      ).toBe('InvalidInput');
    }
    expect(() =>
      wallet.keys.create({ provider: 'custom', name: 'odd', secret: 'a\tb', baseUrl: 'https://x.example' }),
    ).toThrow(/printable ASCII without spaces/);
    expect(wallet.keys.list()).toEqual([]);
    const good = wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    expect(codeOf(() => wallet.keys.update({ id: good.id, secret: 'sk-proj-\u0007bell' }))).toBe(
      'InvalidInput',
    );
    expect(wallet.keys.reveal(good.id)).toBe(SAMPLE_KEYS.openai);
  });

  it('/v1/env leaves out a stored value no program could take, names it, and still serves the rest', async () => {
    const wallet = await unlockedWallet();
    const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
    running.push(endpoint);
    const broken = wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    const planted = `sk-ant-PLANTED\u0000${'z'.repeat(30)}`;
    plantStoredValue(wallet, broken.id, broken.hubId, planted);
    const { token } = wallet.tokens.create({ name: 'all' });
    for (const path of ['/v1/env', '/v1/env?providers=anthropic,openai']) {
      const res = await rawGet(endpoint.port, path, bearer(token));
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        env: { OPENAI_API_KEY: SAMPLE_KEYS.openai, CV_OPENAI_KEY: SAMPLE_KEYS.openai },
        skipped: [{ provider: 'anthropic', name: 'default', hub: 'Personal' }],
      });
      expect(res.body).not.toContain('PLANTED');
    }
  });
});
