// Which notifications the desktop shows and when, on a fake clock: a key expiring within the warning
// days and again on the day, each once; a rotation reminder after the user's period (re-armed by a
// rotation); a token's first use and a new caller; a hub's tampering report; every kind off by its
// own setting; nothing read while the vault is locked; history is not replayed on the first run.
import { describe, expect, it, vi } from 'vitest';
import { NotificationScheduler, type NotificationSources } from '#desktop/notification-scheduler.js';
import {
  DAY_MS,
  planNotifications,
  type Notice,
  type NotificationSettings,
  type PlanInput,
  type TamperReport,
} from '#desktop/notifications.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';

const NOON = new Date(2026, 5, 10, 12, 0, 0).getTime();

const SETTINGS: NotificationSettings = {
  notifyKeyExpiry: true,
  expiryWarningDays: 7,
  rotationReminderDays: 0,
  notifyTokenUse: true,
  notifyHubTampering: true,
};

function key(overrides: Partial<KeySummary> & Pick<KeySummary, 'id'>): KeySummary {
  return {
    hubId: 'personal',
    hubName: 'Personal',
    provider: 'openai',
    name: 'work',
    masked: 'sk-…abcd',
    notes: null,
    baseUrl: null,
    expiresAt: null,
    createdAt: NOON - 400 * DAY_MS,
    updatedAt: NOON,
    usageCount: 0,
    lastUsedAt: null,
    deletedAt: null,
    previousMasked: null,
    rotatedAt: null,
    ...overrides,
  };
}

function token(overrides: Partial<TokenSummary> & Pick<TokenSummary, 'id' | 'name'>): TokenSummary {
  return {
    masked: 'aik_…abcd',
    scope: { hubs: null, providers: null, keyNames: null },
    expiresAt: null,
    createdAt: NOON - DAY_MS,
    regeneratedAt: null,
    lastUsedAt: null,
    useCount: 0,
    revokedAt: null,
    ...overrides,
  };
}

function plan(overrides: Partial<PlanInput>): Notice[] {
  return planNotifications({
    now: NOON,
    settings: SETTINGS,
    keys: [],
    tokens: [],
    reports: [],
    uses: [],
    knownCallers: new Map(),
    sent: new Set(),
    ...overrides,
  });
}

/** A clock, a vault and a ledger the test moves by hand; shown notices are recorded. */
function world(initial: { keys?: KeySummary[]; tokens?: TokenSummary[]; reports?: TamperReport[] } = {}) {
  const state = {
    now: NOON,
    unlocked: true,
    settings: { ...SETTINGS },
    keys: initial.keys ?? [],
    tokens: initial.tokens ?? [],
    reports: initial.reports ?? [],
  };
  const sent = new Set<string>();
  const shown: Notice[] = [];
  const sources: NotificationSources = {
    now: () => state.now,
    settings: () => state.settings,
    snapshot: () =>
      state.unlocked ? { keys: state.keys, tokens: state.tokens, reports: state.reports } : null,
  };
  const ticks: (() => void)[] = [];
  const scheduler = new NotificationScheduler({
    sources,
    ledger: { sent: () => sent, markSent: (ids) => ids.forEach((id) => sent.add(id)) },
    show: (notice) => shown.push(notice),
    timers: { setInterval: (fn) => ticks.push(fn), clearInterval: () => undefined },
  });
  return { state, sent, shown, scheduler, tick: () => ticks.forEach((fn) => fn()) };
}

describe('key expiry', () => {
  it('warns once within the warning days and once more on the day', () => {
    const expiresAt = NOON + 3 * DAY_MS;
    const w = world({ keys: [key({ id: 'k1', expiresAt })] });
    w.sent.add('baseline');
    w.state.now = NOON - 5 * DAY_MS; // 8 days before: outside the 7-day window
    w.scheduler.start();
    expect(w.shown).toEqual([]);
    w.state.now = NOON;
    w.tick();
    w.tick();
    expect(w.shown.map((n) => n.title)).toEqual(['A key expires soon']);
    expect(w.shown[0]?.body).toBe('work (openai) expires in 3 days.');
    w.state.now = expiresAt - 60_000;
    w.tick();
    w.tick();
    expect(w.shown.map((n) => n.title)).toEqual(['A key expires soon', 'A key expires today']);
    expect(w.shown.every((n) => n.target.screen === 'keys')).toBe(true);
  });

  it('warns again when the expiry date is changed, and never for a deleted key', () => {
    const first = plan({ keys: [key({ id: 'k1', expiresAt: NOON + 2 * DAY_MS })] });
    const moved = plan({
      keys: [key({ id: 'k1', expiresAt: NOON + 5 * DAY_MS })],
      sent: new Set(first.map((n) => n.id)),
    });
    expect(moved).toHaveLength(1);
    expect(plan({ keys: [key({ id: 'k1', expiresAt: NOON + DAY_MS, deletedAt: NOON })] })).toEqual([]);
  });

  it('says nothing when turned off, and honours another number of days', () => {
    const keys = [key({ id: 'k1', expiresAt: NOON + 10 * DAY_MS })];
    expect(plan({ keys })).toEqual([]);
    expect(plan({ keys, settings: { ...SETTINGS, expiryWarningDays: 14 } })).toHaveLength(1);
    const soon = [key({ id: 'k1', expiresAt: NOON + DAY_MS })];
    expect(plan({ keys: soon, settings: { ...SETTINGS, notifyKeyExpiry: false } })).toEqual([]);
  });
});

describe('rotation reminders', () => {
  it('reminds after the period, only when the user set one, and again after the next period', () => {
    const keys = [key({ id: 'k1', createdAt: NOON - 100 * DAY_MS })];
    expect(plan({ keys })).toEqual([]);
    const due = plan({ keys, settings: { ...SETTINGS, rotationReminderDays: 90 } });
    expect(due.map((n) => n.body)).toEqual(['work (openai) has not been rotated for 100 days.']);
    const rotated = [key({ id: 'k1', createdAt: NOON - 100 * DAY_MS, rotatedAt: NOON - 10 * DAY_MS })];
    expect(plan({ keys: rotated, settings: { ...SETTINGS, rotationReminderDays: 90 } })).toEqual([]);
  });
});

describe('token use', () => {
  it('tells when a token is used for the first time, once', () => {
    const w = world({ tokens: [token({ id: 't1', name: 'ci' })] });
    w.scheduler.start();
    w.state.tokens = [token({ id: 't1', name: 'ci', useCount: 1, lastUsedAt: NOON })];
    w.tick();
    w.tick();
    expect(w.shown.map((n) => [n.title, n.target.screen])).toEqual([
      ['A token was used for the first time', 'tokens'],
    ]);
  });

  it('tells when a new program uses a token, not for the first or a known caller', () => {
    const w = world({ tokens: [token({ id: 't1', name: 'ci', useCount: 3 })] });
    w.scheduler.start();
    w.scheduler.tokenUsed({ tokenId: 't1', tokenName: 'ci', caller: 'node (pid 10)' });
    w.tick();
    w.scheduler.tokenUsed({ tokenId: 't1', tokenName: 'ci', caller: 'node (pid 10)' });
    w.scheduler.tokenUsed({ tokenId: 't1', tokenName: 'ci', caller: null });
    w.tick();
    expect(w.shown).toEqual([]);
    w.scheduler.tokenUsed({ tokenId: 't1', tokenName: 'ci', caller: 'curl (pid 22)' });
    w.tick();
    expect(w.shown.map((n) => n.body)).toEqual([
      'The access token “ci” was used by curl (pid 22), which had not used it before.',
    ]);
  });

  it('does not replay tokens already in use or old hub reports on the very first run', () => {
    const w = world({
      tokens: [token({ id: 't1', name: 'ci', useCount: 40 })],
      reports: [{ id: 1, hubId: 'h1', hubName: 'Team', kind: 'tampered' }],
    });
    w.scheduler.start();
    expect(w.shown).toEqual([]);
    expect(w.sent.size).toBe(2);
  });
});

describe('hub tampering', () => {
  it('tells once per report, opening the Hubs screen, unless turned off', () => {
    const reports: TamperReport[] = [{ id: 7, hubId: 'h1', hubName: 'Team', kind: 'rollback' }];
    const notices = plan({ reports });
    expect(notices.map((n) => [n.body, n.target.screen])).toEqual([
      ['Team rolled an item back to an older version. Nothing from it was applied.', 'hubs'],
    ]);
    expect(plan({ reports, sent: new Set(notices.map((n) => n.id)) })).toEqual([]);
    expect(plan({ reports, settings: { ...SETTINGS, notifyHubTampering: false } })).toEqual([]);
  });
});

describe('while locked', () => {
  it('reads nothing and shows nothing, then catches up after the unlock', () => {
    const w = world({ keys: [key({ id: 'k1', expiresAt: NOON + DAY_MS })] });
    w.sent.add('baseline');
    w.state.unlocked = false;
    w.scheduler.start();
    w.tick();
    expect(w.shown).toEqual([]);
    w.state.unlocked = true;
    expect(w.scheduler.check()).toHaveLength(1);
  });
});

describe('the desktop with notifications', () => {
  it('notices a key added with an expiry tomorrow, once, and a click opens the Keys screen', async () => {
    const { newDesktop } = await import('./fixtures.js');
    const { SAMPLE_KEYS, STRONG_PASSWORD } = await import('../helpers/temp-wallet.js');
    const shown: Notice[] = [];
    const desktop = newDesktop({ notify: (notice) => shown.push(notice) });
    await desktop.call('vault:create', { password: STRONG_PASSWORD });
    await desktop.start();
    await desktop.call('keys:create', {
      provider: 'openai',
      name: 'billing',
      secret: SAMPLE_KEYS.openai,
      expiresAt: Date.now() + 2 * DAY_MS,
    });
    await vi.waitFor(() => expect(shown.map((n) => n.title)).toEqual(['A key expires soon']), {
      timeout: 10_000,
    });
    expect(shown[0]?.body).toContain('billing (openai)');
    expect(shown[0]?.body).not.toContain(SAMPLE_KEYS.openai);

    const navigations: unknown[] = [];
    desktop.events.subscribe((event, payload) => {
      if (event === 'app:navigate') navigations.push(payload);
    });
    desktop.navigate(shown[0]!.target.screen);
    expect(navigations).toEqual([{ screen: 'keys' }]);
  });
});
