import { describe, expect, it } from 'vitest';
import { formatKeyReference } from './key-reference-format.js';

describe('formatKeyReference', () => {
  it('writes hub, provider and name, escaping what a reference cannot hold as is', () => {
    expect(formatKeyReference({ hubName: 'Personal', provider: 'openai', name: 'default' })).toBe(
      'aikey://personal/openai/default',
    );
    expect(formatKeyReference({ hubName: 'Acme Team', provider: 'anthropic', name: 'ci/bot 2' })).toBe(
      'aikey://acme%20team/anthropic/ci%2Fbot%202',
    );
  });
});
