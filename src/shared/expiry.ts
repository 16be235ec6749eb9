// The one parser for every --expires (keys, tokens, invites): a duration ("90d", "12h", "2w") or an
// ISO date ("2027-01-31", local midnight) or date-time ("2027-01-31T18:00", "…Z", "…+02:00").
// Nothing loose: a bare number, zero, a past instant or an impossible date is refused with the
// accepted forms, never guessed at (Date.parse would read "90" as the year 1990).
import { AikeyError } from './errors.js';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** Far enough for any real expiry; keeps the arithmetic exact. */
const MAX_AHEAD_MS = 100 * 365 * UNIT_MS.d;

export const EXPIRY_FORMS = '90d, 12h, 2w, an ISO date (2027-01-31) or date-time (2027-01-31T18:00Z)';

const DURATION = /^([1-9]\d{0,5})([hdw])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

function refuse(text: string, why: string): never {
  const shown = text.length > 40 || /[^\x20-\x7e]/.test(text) ? 'that value' : `"${text}"`;
  throw new AikeyError('InvalidInput', `--expires ${shown} ${why}; use ${EXPIRY_FORMS}.`);
}

/** A calendar date that exists (no 2027-02-30): the components survive a round trip. */
function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** When it expires, in epoch ms; always in the future. */
export function parseExpiry(text: string, now: number): number {
  const input = text.trim();
  const duration = DURATION.exec(input);
  let at: number;
  if (duration) {
    at = now + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  } else {
    const date = DATE.exec(input) ?? DATE_TIME.exec(input);
    if (!date) refuse(input, /^\d+$/.test(input) ? 'needs a unit' : 'is not a duration or a date');
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!realDate(year, month, day)) refuse(input, 'is not a real date');
    if (date.length === 4) {
      at = new Date(year, month - 1, day).getTime();
    } else {
      const [hour, minute, second] = [Number(date[4]), Number(date[5]), Number(date[6] ?? 0)];
      if (hour > 23 || minute > 59 || second > 59) refuse(input, 'is not a real time');
      // Without a zone it is local time, as a person typing it means; with one, exactly that instant.
      at =
        date[7] === undefined
          ? new Date(year, month - 1, day, hour, minute, second).getTime()
          : Date.parse(input);
    }
  }
  if (!Number.isFinite(at) || at <= now) refuse(input, 'is not in the future');
  if (at - now > MAX_AHEAD_MS) refuse(input, 'is more than 100 years away');
  return at;
}
