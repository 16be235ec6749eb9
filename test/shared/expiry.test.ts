// Every --expires goes through one strict parser: what it accepts, and that it never guesses.
import { describe, expect, it } from 'vitest';
import { parseExpiry } from '#shared/expiry.js';
import { codeOf } from '../helpers/errors.js';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const H = 3_600_000;

describe('parseExpiry', () => {
  it('reads durations in hours, days and weeks from now', () => {
    expect(parseExpiry('12h', NOW)).toBe(NOW + 12 * H);
    expect(parseExpiry('90d', NOW)).toBe(NOW + 90 * 24 * H);
    expect(parseExpiry('2w', NOW)).toBe(NOW + 14 * 24 * H);
  });

  it('reads ISO dates as local midnight and date-times with or without a zone', () => {
    expect(parseExpiry('2027-01-31', NOW)).toBe(new Date(2027, 0, 31).getTime());
    expect(parseExpiry('2027-01-31T18:00Z', NOW)).toBe(Date.UTC(2027, 0, 31, 18));
    expect(parseExpiry('2027-01-31T18:00:30+02:00', NOW)).toBe(Date.UTC(2027, 0, 31, 16, 0, 30));
    expect(parseExpiry('2027-01-31T18:00', NOW)).toBe(new Date(2027, 0, 31, 18).getTime());
  });

  it('refuses bare numbers, zero, the past, impossible dates and anything else, naming the forms', () => {
    for (const bad of [
      '90',
      '0d',
      '0h',
      '-5d',
      '1999-01-01',
      '2026-11-28',
      '2027-02-30',
      '2027-01-31T25:00',
      'tomorrow',
      '',
      '5 d',
      '1e3d',
      '500y',
    ]) {
      expect([bad, codeOf(() => parseExpiry(bad, NOW))]).toEqual([bad, 'InvalidInput']);
    }
    expect(() => parseExpiry('90', NOW)).toThrow(/needs a unit; use 90d, 12h, 2w/);
    expect(() => parseExpiry('1999-01-01', NOW)).toThrow(/is not in the future/);
    expect(() => parseExpiry('999999w', NOW)).toThrow(/100 years/);
  });
});
