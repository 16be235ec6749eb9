// `aikey usage`: what the broker forwarded, from its call log in tokens.db: requests, errors, input,
// output and cached tokens and cost, grouped by token, key, model, provider or day (UTC). Counts
// only: the log never holds a prompt or a completion, so this needs no master password.
import { defaultDataDir } from '#core/vault/paths.js';
import { createWallet } from '#core/wallet.js';
import type { UsageGrouping, UsageRow } from '#core/tokens/call-log.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, printLine, printTable } from '../output.js';
import { assertVaultHere } from './admin-commands.js';

export interface UsageOptions {
  json: boolean;
  /** token | key | model | provider | day; default day. */
  by?: string | undefined;
  /** 7d, 24h, 2w, 30m (minutes) or an ISO date; default 7d. */
  since?: string | undefined;
  now?: () => number;
}

const GROUPINGS: readonly UsageGrouping[] = ['token', 'key', 'model', 'provider', 'day'];
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** "7d" -> seven days before now; "2026-11-01" -> that instant. */
export function parseSince(raw: string, now: number): number {
  const relative = /^(\d{1,5})([mhdw])$/.exec(raw.trim());
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS];
  const absolute = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/.test(raw.trim()) ? Date.parse(raw.trim()) : NaN;
  if (Number.isNaN(absolute)) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      '--since takes a span such as 7d, 24h, 2w or a date such as 2026-11-01.',
    );
  }
  return absolute;
}

export interface UsageReport {
  by: UsageGrouping;
  since: string;
  rows: UsageRow[];
  total: Omit<UsageRow, 'group'>;
}

export function usageReport(rows: UsageRow[], by: UsageGrouping, since: number): UsageReport {
  const total = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0 };
  for (const row of rows) {
    total.requests += row.requests;
    total.errors += row.errors;
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
    total.cachedInputTokens += row.cachedInputTokens;
    total.costUsd += row.costUsd;
  }
  return { by, since: new Date(since).toISOString(), rows, total };
}

export function usageCommand(options: UsageOptions): void {
  const by = (options.by ?? 'day') as UsageGrouping;
  if (!GROUPINGS.includes(by)) {
    throw new CliError(EXIT.usage, 'Usage', `--by takes one of ${GROUPINGS.join(', ')}.`);
  }
  const now = (options.now ?? Date.now)();
  const since = parseSince(options.since ?? '7d', now);
  const wallet = createWallet({ dataDir: defaultDataDir() });
  let report: UsageReport;
  try {
    assertVaultHere(wallet);
    report = usageReport(wallet.tokens.calls.summary(by, since), by, since);
  } finally {
    wallet.close();
  }
  if (options.json) {
    printJson(report);
    return;
  }
  if (report.rows.length === 0) {
    printLine(`No calls through the broker since ${report.since.slice(0, 16).replace('T', ' ')} UTC.`);
    return;
  }
  const cost = (usd: number) => (usd === 0 ? '-' : `$${usd.toFixed(4)}`);
  const line = (group: string, r: Omit<UsageRow, 'group'>) => [
    group,
    String(r.requests),
    String(r.errors),
    String(r.inputTokens),
    String(r.outputTokens),
    String(r.cachedInputTokens),
    cost(r.costUsd),
  ];
  printTable([
    [by.toUpperCase(), 'REQUESTS', 'ERRORS', 'INPUT', 'OUTPUT', 'CACHED', 'COST'],
    ...report.rows.map((r) => line(r.group, r)),
    line('total', report.total),
  ]);
}
