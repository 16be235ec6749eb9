// `aikey tokens policy <id|name> [--models p1,p2|all] [--rpm N|none] [--tokens-per-day N|none]
// [--spend-per-day USD|none] [--spend-per-month USD|none] [--require-known-price|--any-price]
// [--clear] [--json]`: shows or changes the limits the broker enforces on a token. Given fields
// replace those fields; the rest keep their values. Opens the vault (token changes are audited).
import type { TokenPolicy } from '#shared/schemas/token-policy.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { CLI_ACTOR, withUnlockedWallet, type AdminOptions } from './admin-commands.js';

export interface TokenPolicyFlags {
  models?: string | undefined;
  rpm?: string | undefined;
  tokensPerDay?: string | undefined;
  spendPerDay?: string | undefined;
  spendPerMonth?: string | undefined;
  requireKnownPrice?: boolean | undefined;
  anyPrice?: boolean | undefined;
  clear?: boolean | undefined;
}

const NONE = new Set(['none', 'all', 'off', '']);

function limit(flag: string, raw: string | undefined, integer: boolean): number | null | undefined {
  if (raw === undefined) return undefined;
  if (NONE.has(raw.trim().toLowerCase())) return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      `--${flag} takes a positive ${integer ? 'whole number' : 'number'}, or none.`,
    );
  }
  return value;
}

/** The policy after applying the flags to the current one (null: no limits at all). */
export function applyPolicyFlags(current: TokenPolicy | null, flags: TokenPolicyFlags): TokenPolicy | null {
  if (flags.clear) return null;
  const next: TokenPolicy = { ...(current ?? {}) };
  if (flags.models !== undefined) {
    next.models = NONE.has(flags.models.trim().toLowerCase())
      ? null
      : flags.models
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean);
  }
  const fields: [keyof TokenPolicy, string, string | undefined, boolean][] = [
    ['requestsPerMinute', 'rpm', flags.rpm, true],
    ['tokensPerDay', 'tokens-per-day', flags.tokensPerDay, true],
    ['spendPerDayUsd', 'spend-per-day', flags.spendPerDay, false],
    ['spendPerMonthUsd', 'spend-per-month', flags.spendPerMonth, false],
  ];
  for (const [field, flag, raw, integer] of fields) {
    const value = limit(flag, raw, integer);
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  if (flags.requireKnownPrice) next.requireKnownPrice = true;
  if (flags.anyPrice) next.requireKnownPrice = false;
  return next;
}

function describePolicy(policy: TokenPolicy | null): string[] {
  if (policy === null) return ['No broker limits beyond the token scope.'];
  const lines = [
    `Models:          ${policy.models ? policy.models.join(', ') : 'any'}`,
    `Requests/minute: ${policy.requestsPerMinute ?? 'no limit'}`,
    `Tokens/day:      ${policy.tokensPerDay ?? 'no limit'}`,
    `Spend/day:       ${policy.spendPerDayUsd ? `$${policy.spendPerDayUsd}` : 'no limit'}`,
    `Spend/month:     ${policy.spendPerMonthUsd ? `$${policy.spendPerMonthUsd}` : 'no limit'}`,
  ];
  if (policy.requireKnownPrice) lines.push('Only models with a known price.');
  return lines;
}

export async function tokensPolicyCommand(
  options: AdminOptions,
  ref: string | undefined,
  flags: TokenPolicyFlags,
): Promise<void> {
  if (!ref) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      'Usage: aikey tokens policy <id|name> [--models p1,p2|all] [--rpm N] [--tokens-per-day N] [--spend-per-day USD] [--spend-per-month USD] [--clear]',
    );
  }
  const changing = Object.values(flags).some((v) => v !== undefined && v !== false);
  const policy = await withUnlockedWallet(options, (wallet) => {
    const token = wallet.tokens.find(ref);
    const current = wallet.tokens.policies.get(token.id);
    return changing
      ? wallet.tokens.setPolicy(token.id, applyPolicyFlags(current, flags), CLI_ACTOR)
      : current;
  });
  if (options.json) printJson({ policy });
  else for (const line of describePolicy(policy)) printLine(line);
}
