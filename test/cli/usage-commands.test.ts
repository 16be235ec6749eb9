// `aikey usage` totals what the broker recorded: grouped as asked, since when asked, as a table or JSON.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSince, usageCommand } from '#cli/commands/usage-commands.js';
import type { BrokerCall } from '#core/tokens/call-log.js';
import { unlockedWallet } from '../helpers/temp-wallet.js';

const DAY = 86_400_000;
const NOW = Date.parse('2030-01-10T12:00:00Z');
const savedHome = process.env.AIKEY_HOME;
afterEach(() => {
  process.env.AIKEY_HOME = savedHome;
  vi.restoreAllMocks();
});

function call(overrides: Partial<BrokerCall>): BrokerCall {
  return {
    at: NOW - 1000,
    tokenId: 't1',
    tokenName: 'agent',
    sessionId: null,
    keyId: 'k1',
    keyName: 'default',
    hubName: 'Personal',
    provider: 'openai',
    model: 'gpt-4o-mini',
    method: 'POST',
    status: 200,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    costUsd: null,
    durationMs: 12,
    streamed: false,
    ...overrides,
  };
}

function captured(run: () => void): string {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  run();
  vi.restoreAllMocks();
  return out;
}

describe('aikey usage', () => {
  it('groups by model (JSON) and leaves out calls before --since', async () => {
    const wallet = await unlockedWallet();
    wallet.tokens.calls.record([
      call({}),
      call({ model: 'claude-x', provider: 'anthropic', inputTokens: 100, outputTokens: 50 }),
      call({ status: 429, inputTokens: null, outputTokens: null }),
      call({ at: NOW - 9 * DAY, inputTokens: 1000 }),
    ]);
    process.env.AIKEY_HOME = wallet.vault.paths.dir;
    const out = captured(() => usageCommand({ json: true, by: 'model', since: '7d', now: () => NOW }));
    const report = JSON.parse(out) as {
      rows: { group: string; requests: number; errors: number; inputTokens: number }[];
    };
    expect(report.rows.map((r) => [r.group, r.requests, r.errors, r.inputTokens])).toEqual([
      ['gpt-4o-mini', 2, 1, 10],
      ['claude-x', 1, 0, 100],
    ]);
    const table = captured(() => usageCommand({ json: false, by: 'day', since: '30d', now: () => NOW }));
    expect(table).toContain('2030-01-01');
    expect(table).toMatch(/total\s+4\s+1\s+1110\s+60/);
  });

  it('refuses a grouping or a span it does not know', () => {
    expect(() => usageCommand({ json: true, by: 'colour' })).toThrow(/--by takes one of/);
    expect(() => parseSince('yesterday', NOW)).toThrow(/--since takes/);
    expect(parseSince('24h', NOW)).toBe(NOW - DAY);
  });
});
