// The desktop's "Ask before use" gate as the user lives with it: one prompt however many requests
// one caller makes at once, Allow once vs Allow for N minutes vs Deny, no answer in time gives
// approval_denied, and a revoked grant asks again. The clock and timers are manual: nothing waits.
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '#core/endpoint/approval-gate.js';
import { EndpointError } from '#core/endpoint/responses.js';
import type { ApprovalPrompt } from '#shared/schemas/approvals.js';
import { DesktopApprovals } from '#desktop/approvals.js';

const AGENT = { pid: 4242, name: 'claude', exe: '/usr/bin/claude' };
const OTHER = { pid: 77, name: 'curl', exe: '/usr/bin/curl' };

function request(caller = AGENT, tokenId = 'tok1'): ApprovalRequest {
  return { token: { id: tokenId, name: 'agent', masked: 'aik_…abcd' }, key: 'openai key "default"', caller };
}

function harness(timeoutMs = 60_000) {
  let clock = 1_000_000;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const prompts: ApprovalPrompt[] = [];
  const settled: string[] = [];
  const gate = new DesktopApprovals({
    onPrompt: (prompt) => prompts.push(prompt),
    onSettled: (id) => settled.push(id),
    timeoutMs,
    now: () => clock,
    schedule: (run, ms) => {
      const timer = { at: clock + ms, run, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  const advance = (ms: number) => {
    clock += ms;
    for (const timer of timers.filter((t) => !t.cancelled && t.at <= clock)) {
      timer.cancelled = true;
      timer.run();
    }
  };
  return { gate, prompts, settled, advance };
}

/** What a request ends with: 'allowed' or the error code it was refused with. */
function outcome(wait: Promise<void>): Promise<string> {
  return wait.then(
    () => 'allowed',
    (error: unknown) => (error instanceof EndpointError ? error.code : 'other error'),
  );
}

describe('DesktopApprovals (Ask before use)', () => {
  it('shows one prompt for concurrent requests from one caller, naming token, key and caller', async () => {
    const { gate, prompts } = harness();
    const waits = Array.from({ length: 14 }, () => outcome(gate.check(request())));
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({
      tokenName: 'agent',
      key: 'openai key "default"',
      caller: AGENT,
    });
    expect(gate.pending()[0]?.waiting).toBe(14);
    gate.answer({ id: prompts[0]!.id, verdict: 'once' });
    expect(await Promise.all(waits)).toEqual(Array(14).fill('allowed'));
  });

  it('asks each caller and each token separately', () => {
    const { gate, prompts } = harness();
    void gate.check(request(AGENT)).catch(() => undefined);
    void gate.check(request(OTHER)).catch(() => undefined);
    void gate.check(request(AGENT, 'tok2')).catch(() => undefined);
    expect(prompts.map((p) => [p.tokenId, p.caller.name])).toEqual([
      ['tok1', 'claude'],
      ['tok1', 'curl'],
      ['tok2', 'claude'],
    ]);
  });

  it('Allow once lets the waiting requests through and asks again next time', async () => {
    const { gate, prompts } = harness();
    const first = outcome(gate.check(request()));
    gate.answer({ id: prompts[0]!.id, verdict: 'once' });
    expect(await first).toBe('allowed');
    void gate.check(request()).catch(() => undefined);
    expect(prompts).toHaveLength(2);
    expect(gate.grants('tok1')).toEqual([]);
  });

  it('Allow for 30 minutes: 14 calls in 30 minutes see one prompt; after that it asks again', async () => {
    const { gate, prompts, advance } = harness();
    const first = outcome(gate.check(request()));
    gate.answer({ id: prompts[0]!.id, verdict: 'minutes', minutes: 30 });
    expect(await first).toBe('allowed');
    for (let call = 0; call < 13; call += 1) {
      advance(2 * 60_000);
      expect(await outcome(gate.check(request()))).toBe('allowed');
    }
    expect(prompts).toHaveLength(1);
    expect(gate.grants('tok1')).toEqual([expect.objectContaining({ tokenId: 'tok1', caller: AGENT })]);
    advance(5 * 60_000);
    void gate.check(request()).catch(() => undefined);
    expect(prompts).toHaveLength(2);
    expect(gate.grants('tok1')).toEqual([]);
  });

  it('Deny refuses every waiting request with approval_denied', async () => {
    const { gate, prompts, settled } = harness();
    const waits = [outcome(gate.check(request())), outcome(gate.check(request()))];
    gate.answer({ id: prompts[0]!.id, verdict: 'deny' });
    expect(await Promise.all(waits)).toEqual(['approval_denied', 'approval_denied']);
    expect(settled).toEqual([prompts[0]!.id]);
  });

  it('no answer before the timeout gives approval_denied and takes the prompt down', async () => {
    const { gate, prompts, settled, advance } = harness(60_000);
    const wait = outcome(gate.check(request()));
    advance(60_000);
    expect(await wait).toBe('approval_denied');
    expect(settled).toEqual([prompts[0]!.id]);
    expect(gate.pending()).toEqual([]);
    // A late answer changes nothing, and grants nothing.
    gate.answer({ id: prompts[0]!.id, verdict: 'minutes', minutes: 5 });
    expect(gate.grants()).toEqual([]);
  });

  it('a revoked grant asks again', async () => {
    const { gate, prompts } = harness();
    const first = outcome(gate.check(request()));
    gate.answer({ id: prompts[0]!.id, verdict: 'minutes', minutes: 60 });
    await first;
    const [grant] = gate.grants('tok1');
    gate.revoke(grant!.id);
    expect(gate.grants('tok1')).toEqual([]);
    void gate.check(request()).catch(() => undefined);
    expect(prompts).toHaveLength(2);
  });

  it('clear (on lock) ends grants and refuses the waiting requests', async () => {
    const { gate, prompts } = harness();
    const first = outcome(gate.check(request()));
    gate.answer({ id: prompts[0]!.id, verdict: 'minutes', minutes: 60 });
    await first;
    const waiting = outcome(gate.check(request(OTHER)));
    gate.clear();
    expect(await waiting).toBe('approval_denied');
    expect(gate.grants()).toEqual([]);
  });
});
