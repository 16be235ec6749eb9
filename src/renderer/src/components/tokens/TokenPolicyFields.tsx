// The broker's limits for a token, as form fields: allowed models (patterns with *), requests per
// minute, tokens per day, and spend per day and per month in US dollars. Empty means no limit. The
// fields hold text; policyFromFields turns them into the policy main checks again with its schema.
import type { TokenPolicy } from '#shared/schemas/token-policy.js';

export interface PolicyFields {
  models: string;
  requestsPerMinute: string;
  tokensPerDay: string;
  spendPerDayUsd: string;
  spendPerMonthUsd: string;
}

export const EMPTY_POLICY_FIELDS: PolicyFields = {
  models: '',
  requestsPerMinute: '',
  tokensPerDay: '',
  spendPerDayUsd: '',
  spendPerMonthUsd: '',
};

export function fieldsFromPolicy(policy: TokenPolicy | null): PolicyFields {
  const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return {
    models: policy?.models?.join(', ') ?? '',
    requestsPerMinute: text(policy?.requestsPerMinute),
    tokensPerDay: text(policy?.tokensPerDay),
    spendPerDayUsd: text(policy?.spendPerDayUsd),
    spendPerMonthUsd: text(policy?.spendPerMonthUsd),
  };
}

/** The policy the fields describe, or null for no limits at all; a number that is not one throws. */
export function policyFromFields(fields: PolicyFields): TokenPolicy | null {
  const number = (text: string, label: string) => {
    if (text.trim() === '') return null;
    const value = Number(text.trim());
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`${label} must be a positive number, or empty for no limit.`);
    return value;
  };
  const models = fields.models
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const policy: TokenPolicy = {
    models: models.length > 0 ? models : null,
    requestsPerMinute: number(fields.requestsPerMinute, 'Requests per minute'),
    tokensPerDay: number(fields.tokensPerDay, 'Tokens per day'),
    spendPerDayUsd: number(fields.spendPerDayUsd, 'Spend per day'),
    spendPerMonthUsd: number(fields.spendPerMonthUsd, 'Spend per month'),
  };
  return Object.values(policy).every((v) => v === null) ? null : policy;
}

const INPUTS: { field: keyof PolicyFields; label: string; hint: string }[] = [
  {
    field: 'models',
    label: 'Allowed models',
    hint: 'Comma-separated, * for any run: gpt-4o-mini*, claude-*-haiku*',
  },
  { field: 'requestsPerMinute', label: 'Requests per minute', hint: 'More get 429 with Retry-After.' },
  { field: 'tokensPerDay', label: 'Tokens per day', hint: 'Input plus output, per UTC day.' },
  { field: 'spendPerDayUsd', label: 'Spend per day (USD)', hint: 'From the price table.' },
  { field: 'spendPerMonthUsd', label: 'Spend per month (USD)', hint: 'Per calendar month (UTC).' },
];

export function TokenPolicyFields({
  value,
  onChange,
}: {
  value: PolicyFields;
  onChange: (next: PolicyFields) => void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>Broker limits</legend>
      <p className="field-hint">
        Apply to calls through the broker (<code>aikey exec --broker</code>). Empty means no limit. A token
        with limits can only be used through the broker.
      </p>
      <div className="field-grid">
        {INPUTS.map(({ field, label, hint }) => (
          <div className="field" key={field}>
            <label htmlFor={`policy-${field}`}>{label}</label>
            <input
              id={`policy-${field}`}
              value={value[field]}
              inputMode={field === 'models' ? 'text' : 'decimal'}
              onChange={(e) => onChange({ ...value, [field]: e.target.value })}
            />
            <p className="field-hint">{hint}</p>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
