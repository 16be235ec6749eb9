// What the key rows say about expiry and last use.
import { describe, expect, it } from 'vitest';
import { expiryBadge, fromDateInput, timeAgo, toDateInput } from './format';

const NOW = new Date(2025, 5, 1, 12, 0, 0).getTime();
const DAY = 86_400_000;

describe('format', () => {
  it('badges expired keys and keys expiring within 14 days only', () => {
    expect(expiryBadge(null, NOW)).toBeNull();
    expect(expiryBadge(NOW - 1, NOW)).toEqual({ tone: 'danger', text: 'Expired' });
    expect(expiryBadge(NOW + 3 * DAY, NOW)).toEqual({ tone: 'warning', text: 'Expires in 3 days' });
    expect(expiryBadge(NOW + 2 * 3600_000, NOW)?.text).toBe('Expires in 1 day');
    expect(expiryBadge(NOW + 14 * DAY, NOW)?.text).toBe('Expires in 14 days');
    expect(expiryBadge(NOW + 15 * DAY, NOW)).toBeNull();
  });

  it('says how long ago a key was used', () => {
    expect(timeAgo(NOW - 10_000, NOW)).toBe('just now');
    expect(timeAgo(NOW - 5 * 60_000, NOW)).toMatch(/5 minutes ago/);
  });

  it('round-trips a date input through the end of that local day', () => {
    const at = fromDateInput('2025-06-30');
    expect(at).not.toBeNull();
    expect(toDateInput(at)).toBe('2025-06-30');
    expect(new Date(at ?? 0).getHours()).toBe(23);
    expect(fromDateInput('30/06/2025')).toBeNull();
  });
});
