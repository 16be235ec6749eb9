// The endpoint reports who used a token (the desktop's "new caller" notice): once per connection,
// after the answer, with the calling program's executable as /proc names it; never the token.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint, type TokenUse } from '#core/endpoint/server.js';
import { SAMPLE_KEYS, unlockedWallet } from '#test/helpers/temp-wallet.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

/** A program of its own that asks for a key `times` times over one kept-alive connection. */
async function caller(url: string, token: string, times: number): Promise<void> {
  const script = `
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () => new Promise((resolve) => http.get(process.argv[1] + '/v1/keys/openai',
      { agent, headers: { authorization: 'Bearer ' + process.argv[2] } },
      (res) => { res.resume(); res.on('end', resolve); }));
    (async () => { for (let i = 0; i < ${times}; i++) await get(); agent.destroy(); })();`;
  // Not spawnSync: the endpoint answering it runs in this very process.
  const child = spawn(process.execPath, ['-e', script, url, token], { stdio: 'ignore' });
  expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
}

describe('onTokenUse', () => {
  it.runIf(process.platform === 'linux')('names the calling program once per connection', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    const { token, summary } = wallet.tokens.create({ name: 'agent' });
    const uses: TokenUse[] = [];
    const endpoint = await startEndpoint({
      wallet,
      dataDir: wallet.vault.paths.dir,
      port: 0,
      onTokenUse: (use) => uses.push(use),
    });
    running.push(endpoint);
    await caller(endpoint.url, token, 3);
    await caller(endpoint.url, token, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(uses).toEqual([
      { tokenId: summary.id, tokenName: 'agent', caller: process.execPath },
      { tokenId: summary.id, tokenName: 'agent', caller: process.execPath },
    ]);
    expect(JSON.stringify(uses)).not.toContain(token);
  });
});
