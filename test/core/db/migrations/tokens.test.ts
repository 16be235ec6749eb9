// The access-token database (tokens.db) has its own migrations in drizzle/tokens/. Each step gets a
// test here; the last one checks that tokens written by the first step survive every later step, so
// a new migration that loses a token (and logs a CLI out) fails here first.
import { describe, expect, it } from 'vitest';
import { migrationTags } from '#core/db/open.js';
import {
  databaseAt,
  insertRows,
  migrateTo,
  migrationsFolder,
  tableRows,
  tokenRow,
} from '../migration-steps.js';

const TAGS = migrationTags(migrationsFolder('tokens'));

const TOKENS = [
  tokenRow('tokenrevoked', 'cv-git', { revoked_at: 2_000, use_count: 5, last_used_at: 1_500 }),
  tokenRow('tokenlive234', 'cv-git', {
    scope_providers: JSON.stringify(['openai', 'anthropic']),
    scope_key_names: JSON.stringify(['default']),
    expires_at: 99_000,
    regenerated_at: 3_000,
    last_used_at: 4_000,
    use_count: 17,
  }),
  tokenRow('tokenhubs567', 'ci', { scope_hubs: JSON.stringify(['hub-personal']) }),
];

describe('tokens database migrations', () => {
  it('ships these steps, in order (a new one needs its own test below)', () => {
    expect(TAGS).toEqual([
      '0000_access_tokens',
      '0001_broker_calls',
      '0002_token_policies',
      '0003_ask_before_use',
      '0004_content_version',
    ]);
  });

  it('0000_access_tokens starts a token unused and allows one live token per name', () => {
    const db = databaseAt('tokens', '0000_access_tokens');
    const { use_count: _default, ...written } = tokenRow('tokenfirst23', 'cv-git');
    insertRows(db, 'access_tokens', [written]);
    expect(tableRows(db, 'access_tokens')).toEqual([{ ...written, use_count: 0 }]);

    expect(() => insertRows(db, 'access_tokens', [tokenRow('tokensecond', 'cv-git')])).toThrow(/UNIQUE/);
    db.prepare('UPDATE access_tokens SET revoked_at = 5000').run();
    insertRows(db, 'access_tokens', [tokenRow('tokensecond', 'cv-git')]);
    expect(tableRows(db, 'access_tokens').map((t) => [t.id, t.revoked_at])).toEqual([
      ['tokenfirst23', 5_000],
      ['tokensecond', null],
    ]);
  });

  it('0001_broker_calls adds an empty call log beside the tokens, which it leaves as they were', () => {
    const db = databaseAt('tokens', '0000_access_tokens');
    insertRows(db, 'access_tokens', TOKENS);
    migrateTo(db, 'tokens', '0001_broker_calls');
    expect(tableRows(db, 'access_tokens')).toEqual(TOKENS);
    expect(tableRows(db, 'broker_calls')).toEqual([]);
    const call = {
      at: 5_000,
      token_id: 'tokenlive234',
      token_name: 'cv-git',
      key_name: 'default',
      provider: 'openai',
      method: 'POST',
      status: 200,
      duration_ms: 12,
    };
    insertRows(db, 'broker_calls', [call]);
    expect(tableRows(db, 'broker_calls')).toEqual([
      {
        id: 1,
        ...call,
        session_id: null,
        key_id: null,
        hub_name: null,
        model: null,
        input_tokens: null,
        output_tokens: null,
        cached_input_tokens: null,
        cost_usd: null,
        streamed: 0,
      },
    ]);
  });

  it('0002_token_policies adds one policy row per token, leaving tokens and calls as they were', () => {
    const db = databaseAt('tokens', '0001_broker_calls');
    insertRows(db, 'access_tokens', TOKENS);
    const call = {
      at: 1,
      token_id: 'tokenlive234',
      token_name: 'cv-git',
      key_name: 'default',
      provider: 'openai',
      method: 'GET',
      status: 200,
      duration_ms: 1,
    };
    insertRows(db, 'broker_calls', [call]);
    migrateTo(db, 'tokens', '0002_token_policies');
    expect(tableRows(db, 'access_tokens')).toEqual(TOKENS);
    expect(tableRows(db, 'broker_calls')).toHaveLength(1);
    const policy = { token_id: 'tokenlive234', policy: '{"requestsPerMinute":60}', updated_at: 6_000 };
    insertRows(db, 'token_policies', [policy]);
    expect(() => insertRows(db, 'token_policies', [policy])).toThrow(/UNIQUE|PRIMARY/);
    expect(tableRows(db, 'token_policies')).toEqual([policy]);
  });

  it('0003_ask_before_use leaves every existing token not asking, and keeps them as they were', () => {
    const db = databaseAt('tokens', '0002_token_policies');
    insertRows(db, 'access_tokens', TOKENS);
    migrateTo(db, 'tokens', '0003_ask_before_use');
    expect(tableRows(db, 'access_tokens')).toEqual(TOKENS.map((t) => ({ ...t, ask_before_use: 0 })));
    insertRows(db, 'access_tokens', [tokenRow('tokenasks890', 'agent', { ask_before_use: 1 })]);
    expect(tableRows(db, 'access_tokens').at(-1)).toMatchObject({ id: 'tokenasks890', ask_before_use: 1 });
  });

  it('keeps live and revoked tokens written at 0000 through every later step', () => {
    const db = databaseAt('tokens', '0000_access_tokens');
    insertRows(db, 'access_tokens', TOKENS);

    migrateTo(db, 'tokens', TAGS.at(-1) ?? '');

    // Columns added later take their defaults ("Ask before use" off).
    expect(tableRows(db, 'access_tokens')).toEqual(TOKENS.map((t) => ({ ...t, ask_before_use: 0 })));
  });
});
