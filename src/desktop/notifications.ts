// Which system notifications to show, as a pure planner plus a small scheduler around it: a key
// expiring within N days (default 7) and again on the day, a key not rotated for the user's rotation
// period, a token used for the first time or from a caller not seen before, and a hub reporting
// tampering. Each kind has its own setting. Every notice has a stable id, so it is shown once (the
// ids sent are kept across runs by the caller), and changing a key's expiry arms a new notice.
// Notices name keys, tokens and hubs by their labels only: never a secret, never a value.
import type { KeySummary } from '#shared/schemas/keys.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';

export const DAY_MS = 86_400_000;

export interface NotificationSettings {
  notifyKeyExpiry: boolean;
  /** Warn this many days before a key expires. */
  expiryWarningDays: number;
  /** Remind after this many days without a rotation; 0 turns rotation reminders off. */
  rotationReminderDays: number;
  notifyTokenUse: boolean;
  notifyHubTampering: boolean;
}

export type NoticeTarget = { screen: 'keys' } | { screen: 'tokens' } | { screen: 'hubs' };

export interface Notice {
  /** Stable: the same situation always gives the same id, so it is shown once. */
  id: string;
  title: string;
  body: string;
  /** The screen a click opens. */
  target: NoticeTarget;
}

export interface TamperReport {
  id: number;
  hubId: string;
  hubName: string;
  kind: 'tampered' | 'rollback' | 'swapped_key' | 'unverified_member' | 'bad_proof';
}

/** One use of a token as the endpoint saw it; `caller` names the process when the OS tells. */
export interface TokenUseSeen {
  tokenId: string;
  tokenName: string;
  caller: string | null;
}

export interface PlanInput {
  now: number;
  settings: NotificationSettings;
  keys: readonly KeySummary[];
  tokens: readonly TokenSummary[];
  reports: readonly TamperReport[];
  uses: readonly TokenUseSeen[];
  /** Callers already seen per token id. */
  knownCallers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Ids of notices already shown. */
  sent: ReadonlySet<string>;
}

/** Local calendar day, so "today" means the user's today. */
function dayOf(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

const keyLabel = (key: KeySummary) => `${key.name} (${key.provider})`;

function expiryNotices(input: PlanInput): Notice[] {
  const { now, settings } = input;
  if (!settings.notifyKeyExpiry) return [];
  const notices: Notice[] = [];
  for (const key of input.keys) {
    if (key.deletedAt !== null || key.expiresAt === null || key.expiresAt < now - DAY_MS) continue;
    const left = key.expiresAt - now;
    if (dayOf(key.expiresAt) === dayOf(now)) {
      notices.push({
        id: `expires-today:${key.id}:${key.expiresAt}`,
        title: 'A key expires today',
        body: `${keyLabel(key)} expires today. Replace it before your tools stop working.`,
        target: { screen: 'keys' },
      });
    } else if (left > 0 && left <= settings.expiryWarningDays * DAY_MS) {
      const days = Math.ceil(left / DAY_MS);
      notices.push({
        id: `expires-soon:${key.id}:${key.expiresAt}`,
        title: 'A key expires soon',
        body: `${keyLabel(key)} expires in ${days} ${days === 1 ? 'day' : 'days'}.`,
        target: { screen: 'keys' },
      });
    }
  }
  return notices;
}

function rotationNotices(input: PlanInput): Notice[] {
  const { now, settings } = input;
  if (settings.rotationReminderDays === 0) return [];
  const period = settings.rotationReminderDays * DAY_MS;
  const notices: Notice[] = [];
  for (const key of input.keys) {
    if (key.deletedAt !== null) continue;
    const since = key.rotatedAt ?? key.createdAt;
    if (now - since < period) continue;
    notices.push({
      // Keyed on the last rotation: rotating re-arms the reminder for the next period.
      id: `rotation:${key.id}:${since}`,
      title: 'Time to rotate a key',
      body: `${keyLabel(key)} has not been rotated for ${Math.floor((now - since) / DAY_MS)} days.`,
      target: { screen: 'keys' },
    });
  }
  return notices;
}

function tokenNotices(input: PlanInput): Notice[] {
  if (!input.settings.notifyTokenUse) return [];
  const notices: Notice[] = [];
  for (const token of input.tokens) {
    if (token.revokedAt !== null || token.useCount === 0) continue;
    notices.push({
      id: `token-first-use:${token.id}:${token.regeneratedAt ?? token.createdAt}`,
      title: 'A token was used for the first time',
      body: `The access token “${token.name}” was just used by a tool on this computer.`,
      target: { screen: 'tokens' },
    });
  }
  for (const use of input.uses) {
    if (use.caller === null) continue;
    const known = input.knownCallers.get(use.tokenId);
    // The first caller of a token is covered by the first-use notice.
    if (known === undefined || known.size === 0 || known.has(use.caller)) continue;
    notices.push({
      id: `token-new-caller:${use.tokenId}:${use.caller}`,
      title: 'A token was used from a new program',
      body: `The access token “${use.tokenName}” was used by ${use.caller}, which had not used it before.`,
      target: { screen: 'tokens' },
    });
  }
  return notices;
}

const TAMPER_WORDS: Record<TamperReport['kind'], string> = {
  tampered: 'sent data that was altered',
  rollback: 'rolled an item back to an older version',
  swapped_key: "swapped a member's key",
  unverified_member: 'listed a member nobody approved',
  bad_proof: 'accepted a join without a valid invite',
};

function tamperNotices(input: PlanInput): Notice[] {
  if (!input.settings.notifyHubTampering) return [];
  return input.reports.map((report) => ({
    id: `hub-report:${report.hubId}:${report.id}`,
    title: 'A team hub may be compromised',
    body: `${report.hubName} ${TAMPER_WORDS[report.kind]}. Nothing from it was applied.`,
    target: { screen: 'hubs' },
  }));
}

/** Every notice due now and not shown before, in a stable order. */
export function planNotifications(input: PlanInput): Notice[] {
  const all = [
    ...expiryNotices(input),
    ...rotationNotices(input),
    ...tokenNotices(input),
    ...tamperNotices(input),
  ];
  const seen = new Set<string>();
  return all.filter((notice) => {
    if (input.sent.has(notice.id) || seen.has(notice.id)) return false;
    seen.add(notice.id);
    return true;
  });
}
