// `aikey tokens policy`: flags change only the fields they name; none/all lifts a limit; --clear
// removes every limit; bad values are usage errors.
import { describe, expect, it } from 'vitest';
import { applyPolicyFlags } from '#cli/commands/token-policy-commands.js';

describe('aikey tokens policy flags', () => {
  it('sets, keeps and lifts limits field by field', () => {
    const first = applyPolicyFlags(null, {
      models: 'gpt-4o-mini*, claude-*',
      rpm: '60',
      spendPerMonth: '12.5',
    });
    expect(first).toEqual({
      models: ['gpt-4o-mini*', 'claude-*'],
      requestsPerMinute: 60,
      spendPerMonthUsd: 12.5,
    });
    const second = applyPolicyFlags(first, { rpm: 'none', tokensPerDay: '100000', requireKnownPrice: true });
    expect(second).toEqual({
      models: ['gpt-4o-mini*', 'claude-*'],
      requestsPerMinute: null,
      tokensPerDay: 100000,
      spendPerMonthUsd: 12.5,
      requireKnownPrice: true,
    });
    expect(applyPolicyFlags(second, { models: 'all' })?.models).toBeNull();
    expect(applyPolicyFlags(second, { clear: true })).toBeNull();
  });

  it('refuses values that are not limits', () => {
    expect(() => applyPolicyFlags(null, { rpm: '1.5' })).toThrow(/--rpm takes a positive whole number/);
    expect(() => applyPolicyFlags(null, { spendPerDay: '-3' })).toThrow(/--spend-per-day/);
  });
});
