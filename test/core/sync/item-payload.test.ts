// What a key record from a hub may hold: the same checks as a key typed in, before it is stored.
import { describe, expect, it } from 'vitest';
import { ItemPayloadSchema } from '#core/sync/local-items.js';

describe('a key record from a hub', () => {
  it('must carry an http(s) base URL, like a key typed in', () => {
    const record = { provider: 'anthropic', name: 'k', secret: 's', notes: null, expiresAt: null };
    expect(ItemPayloadSchema.safeParse({ ...record, baseUrl: 'https://api.example.com/v1' }).success).toBe(
      true,
    );
    for (const baseUrl of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url'])
      expect(ItemPayloadSchema.safeParse({ ...record, baseUrl }).success).toBe(false);
  });
});
