// Words and dates the screens show: relative "last used" times, expiry badges and the date input's
// value. Pure functions of (value, now), so they are tested without a clock.
const DAY = 86_400_000;
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const EXPIRY_WARNING_DAYS = 14;

export function formatDate(at: number): string {
  return dateFormat.format(at);
}

export function formatDateTime(at: number): string {
  return dateTimeFormat.format(at);
}

/** "just now", "5 minutes ago", "yesterday", ..., then a plain date after a month. */
export function timeAgo(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  const days = Math.round(hours / 24);
  if (Math.abs(days) < 31) return relative.format(days, 'day');
  return formatDate(at);
}

export type ExpiryBadge = { tone: 'danger' | 'warning'; text: string } | null;

/** "Expired", "Expires in N days" within two weeks, else nothing (the date shows in the editor). */
export function expiryBadge(expiresAt: number | null, now: number): ExpiryBadge {
  if (expiresAt === null) return null;
  if (expiresAt <= now) return { tone: 'danger', text: 'Expired' };
  const days = Math.ceil((expiresAt - now) / DAY);
  if (days > EXPIRY_WARNING_DAYS) return null;
  return { tone: 'warning', text: `Expires in ${days} ${days === 1 ? 'day' : 'days'}` };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The yyyy-mm-dd a date input shows for an instant, in local time. */
export function toDateInput(at: number | null): string {
  if (at === null) return '';
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A date input's value as the last millisecond of that local day: a key works through its date. */
export function fromDateInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  return new Date(Number(y), Number(m) - 1, Number(d), 23, 59, 59, 999).getTime();
}

export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}
