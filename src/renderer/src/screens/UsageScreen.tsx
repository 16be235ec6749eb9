// Usage: what the broker forwarded for this wallet's tokens, per day (UTC): requests, tokens and
// cost, as charts and as a table, filterable by hub, key, token and model. Main reads the call log;
// the broker never keeps a prompt or a completion, so there is nothing here to conceal.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { UsageChart } from '../components/usage/UsageChart';
import { LoadFailed, Loading } from '../components/States';
import { usageStore } from '../stores/index';
import type { UsageFilters } from '../stores/usage';

const RANGES = [7, 30, 90] as const;
const BUDGET_LABELS = {
  tokensPerDay: 'Tokens per day',
  spendPerDay: 'Spend per day',
  spendPerMonth: 'Spend per month',
} as const;
const count = (n: number) => n.toLocaleString('en-US');
const usd = (n: number) => `$${n < 1 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;

function Filter({
  label,
  field,
  options,
}: {
  label: string;
  field: keyof Omit<UsageFilters, 'days'>;
  options: string[];
}) {
  const value = useStore(usageStore, (s) => s.filters[field]);
  return (
    <label className="field">
      <span>{label}</span>
      <select
        value={value ?? ''}
        onChange={(e) =>
          void usageStore.getState().choose({ [field]: e.target.value === '' ? null : e.target.value })
        }
      >
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function UsageScreen() {
  const view = useStore(usageStore, (s) => s.view);
  const status = useStore(usageStore, (s) => s.status);
  const error = useStore(usageStore, (s) => s.error);
  const days = useStore(usageStore, (s) => s.filters.days);

  useEffect(() => {
    void usageStore.getState().load();
  }, []);

  return (
    <section className="screen" aria-labelledby="usage-title">
      <div className="screen-header">
        <div>
          <h1 id="usage-title" tabIndex={-1}>
            Usage
          </h1>
          <p className="screen-subtitle">
            Calls the broker forwarded (<code>aikey exec --broker</code>, <code>/proxy</code>), per day in
            UTC.
          </p>
        </div>
      </div>
      {status === 'error' && (
        <LoadFailed message={error ?? ''} onRetry={() => void usageStore.getState().load()} />
      )}
      {view === null && status !== 'error' && <Loading what="usage" />}
      {view !== null && (
        <>
          <div className="filter-row" role="group" aria-label="Usage filters">
            <label className="field">
              <span>Range</span>
              <select
                value={days}
                onChange={(e) => void usageStore.getState().choose({ days: Number(e.target.value) })}
              >
                {RANGES.map((r) => (
                  <option key={r} value={r}>
                    Last {r} days
                  </option>
                ))}
              </select>
            </label>
            <Filter label="Hub" field="hub" options={view.facets.hubs} />
            <Filter label="Key" field="key" options={view.facets.keys} />
            <Filter label="Token" field="token" options={view.facets.tokens} />
            <Filter label="Model" field="model" options={view.facets.models} />
          </div>
          <p className="usage-totals" aria-live="polite">
            {count(view.total.requests)} requests ({count(view.total.errors)} failed),{' '}
            {count(view.total.inputTokens)} input and {count(view.total.outputTokens)} output tokens,{' '}
            {usd(view.total.costUsd)}
          </p>
          {view.budgets.length > 0 && (
            <table className="data-table" aria-label="Budgets">
              <caption>Budgets (the tokens' broker limits)</caption>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">Budget</th>
                  <th scope="col">Used</th>
                  <th scope="col">Left</th>
                  <th scope="col">Resets</th>
                </tr>
              </thead>
              <tbody>
                {view.budgets.map((b) => {
                  const money = b.budget !== 'tokensPerDay';
                  const show = money ? usd : count;
                  return (
                    <tr key={`${b.token}:${b.budget}`}>
                      <td>{b.token}</td>
                      <td>{BUDGET_LABELS[b.budget]}</td>
                      <td>
                        {show(b.used)} of {show(b.limit)} (
                        {Math.min(100, Math.round((b.used / b.limit) * 100))} %)
                      </td>
                      <td>{show(Math.max(0, b.limit - b.used))}</td>
                      <td>{b.resetsAt.replace('T', ' ').slice(0, 16)} UTC</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {view.total.requests === 0 ? (
            <p className="empty-state">
              No calls through the broker in this range. Run a tool with{' '}
              <code>aikey exec --broker -- your-tool</code> and its calls show here.
            </p>
          ) : (
            <>
              <div className="usage-charts">
                <UsageChart
                  title="Requests"
                  days={view.days.map((d) => d.day)}
                  values={view.days.map((d) => d.requests)}
                  format={count}
                />
                <UsageChart
                  title="Tokens"
                  days={view.days.map((d) => d.day)}
                  values={view.days.map((d) => d.inputTokens + d.outputTokens)}
                  format={count}
                />
                <UsageChart
                  title="Cost"
                  days={view.days.map((d) => d.day)}
                  values={view.days.map((d) => d.costUsd)}
                  format={usd}
                />
              </div>
              <table className="data-table" aria-label="Usage per day">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Requests</th>
                    <th scope="col">Failed</th>
                    <th scope="col">Input tokens</th>
                    <th scope="col">Output tokens</th>
                    <th scope="col">Cost</th>
                  </tr>
                </thead>
                <tbody>
                  {view.days
                    .filter((d) => d.requests > 0)
                    .map((d) => (
                      <tr key={d.day}>
                        <td>{d.day}</td>
                        <td>{count(d.requests)}</td>
                        <td>{count(d.errors)}</td>
                        <td>{count(d.inputTokens)}</td>
                        <td>{count(d.outputTokens)}</td>
                        <td>{usd(d.costUsd)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
