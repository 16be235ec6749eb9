// "Ask before use" over real HTTP: the endpoint holds a request made with a token that asks until
// the desktop's gate has an answer, two concurrent requests from one caller raise one prompt that
// names the calling process, a denial is 403 approval_denied, a broker session asks once when it is
// minted, and an endpoint with no one to ask (`aikey serve`) refuses with approval_unavailable.
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import type { Wallet } from '#core/wallet.js';
import type { ApprovalPrompt } from '#shared/schemas/approvals.js';
import { DesktopApprovals } from '#desktop/approvals.js';
import { bearer, errorCode, rawGet } from '../helpers/http.js';
import { SAMPLE_KEYS, unlockedWallet } from '../helpers/temp-wallet.js';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

async function desktopEndpoint() {
  const wallet = await unlockedWallet();
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  const prompts: ApprovalPrompt[] = [];
  const gate = new DesktopApprovals({ onPrompt: (p) => prompts.push(p), onSettled: () => undefined });
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0, approvals: gate });
  running.push(endpoint);
  const { token } = wallet.tokens.create({ name: 'agent', askBeforeUse: true });
  return { wallet, gate, prompts, port: endpoint.port, token };
}

/** Resolves once the gate has shown `count` prompts (requests reach it asynchronously). */
async function promptsShown(prompts: ApprovalPrompt[], count: number): Promise<ApprovalPrompt[]> {
  while (prompts.length < count) await new Promise((resolve) => setImmediate(resolve));
  return prompts;
}

describe('Ask before use on the loopback endpoint', () => {
  it('two concurrent requests from one caller raise one prompt naming it; Allow for 5 minutes serves both', async () => {
    const { gate, prompts, port, token } = await desktopEndpoint();
    const both = Promise.all([
      rawGet(port, '/v1/keys/anthropic', bearer(token)),
      rawGet(port, '/v1/keys/anthropic', bearer(token)),
    ]);
    const [prompt] = await promptsShown(prompts, 1);
    // Both requests wait on it: the second joined the first one's prompt.
    while ((gate.pending()[0]?.waiting ?? 0) < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(prompt).toMatchObject({ tokenName: 'agent', key: 'anthropic key "default"' });
    if (process.platform === 'linux') {
      expect(prompt!.caller.pid).toBe(process.pid);
      expect(prompt!.caller.exe).toBe(process.execPath);
    }
    gate.answer({ id: prompt!.id, verdict: 'minutes', minutes: 5 });
    const answers = await both;
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect((answers[0].json as { key: string }).key).toBe(SAMPLE_KEYS.anthropic);
    // Within the grant, the same caller is not asked again.
    expect((await rawGet(port, '/v1/keys', bearer(token))).status).toBe(200);
    expect(prompts).toHaveLength(1);
  });

  it('Deny answers 403 approval_denied, and no key leaves', async () => {
    const { gate, prompts, port, token } = await desktopEndpoint();
    const pending = rawGet(port, '/v1/keys/anthropic', bearer(token));
    const [prompt] = await promptsShown(prompts, 1);
    gate.answer({ id: prompt!.id, verdict: 'deny' });
    const res = await pending;
    expect([res.status, errorCode(res)]).toEqual([403, 'approval_denied']);
    expect(res.body).not.toContain(SAMPLE_KEYS.anthropic);
  });

  it('a token that does not ask is served at once, and a bad token still gets 401 without a prompt', async () => {
    const { wallet, prompts, port } = await desktopEndpoint();
    const plain = wallet.tokens.create({ name: 'plain' }).token;
    expect((await rawGet(port, '/v1/keys/anthropic', bearer(plain))).status).toBe(200);
    expect((await rawGet(port, '/v1/keys/anthropic', bearer('aik_nope'))).status).toBe(401);
    expect(prompts).toEqual([]);
  });

  it('a broker session asks once, when it is minted', async () => {
    const { gate, prompts, port, token } = await desktopEndpoint();
    const mint = rawGet(port, '/v1/broker/sessions?key=anthropic', bearer(token), { method: 'POST' });
    const [prompt] = await promptsShown(prompts, 1);
    expect(prompt!.key).toBe('a broker session for anthropic');
    gate.answer({ id: prompt!.id, verdict: 'once' });
    expect((await mint).status).toBe(201);
  });

  it('the token\'s "Ask before use" can be turned on and off, and the change is audited', async () => {
    const { wallet } = await desktopEndpoint();
    const { summary } = wallet.tokens.create({ name: 'later' });
    expect(summary.askBeforeUse).toBe(false);
    expect(wallet.tokens.update(summary.id, { askBeforeUse: true }).askBeforeUse).toBe(true);
    const details = wallet.audit.list({ limit: 5 }).entries.map((e) => e.detail);
    expect(details.some((d) => d?.includes('ask before use on'))).toBe(true);
  });
});

describe('Ask before use under `aikey serve`', () => {
  async function serveEndpoint(wallet: Wallet) {
    const endpoint = await startEndpoint({
      wallet,
      dataDir: wallet.vault.paths.dir,
      port: 0,
      runner: 'serve',
    });
    running.push(endpoint);
    return endpoint.port;
  }

  it('refuses the token with 403 approval_unavailable, saying there is no one to ask', async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
    const port = await serveEndpoint(wallet);
    const { token } = wallet.tokens.create({ name: 'agent', askBeforeUse: true });
    const res = await rawGet(port, '/v1/keys/anthropic', bearer(token));
    expect([res.status, errorCode(res)]).toEqual([403, 'approval_unavailable']);
    expect((res.json as { error: { message: string } }).error.message).toMatch(/no one to ask/);
    expect(res.body).not.toContain(SAMPLE_KEYS.anthropic);
  });

  it("refuses it on the broker too, in the provider's own error shape", async () => {
    const wallet = await unlockedWallet();
    wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
    const port = await serveEndpoint(wallet);
    const { token } = wallet.tokens.create({ name: 'agent', askBeforeUse: true });
    const res = await rawGet(port, '/proxy/openai/v1/models', bearer(token));
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: { type: 'approval_unavailable', code: 'approval_unavailable' } });
  });
});
