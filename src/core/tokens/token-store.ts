// Named access tokens for local CLIs: create and regenerate return the full value exactly once,
// lists show it masked, update changes scope or expiry (never the value), revoke is a soft delete
// kept for the audit trail. Verification needs no vault key (see access-tokens.ts), so the endpoint
// can answer 401 before it answers 423. Managing tokens does need the vault unlocked: every change
// is written to the vault's audit log.
import { UsageQuerySchema, type UsageQuery, type UsageView } from '#shared/schemas/usage.js';
import { budgetsOf, usageView } from './usage-view.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AikeyError } from '#shared/errors.js';
import type { ProviderId } from '#shared/providers.js';
import {
  TokenCreateSchema,
  TokenUpdateSchema,
  type IssuedToken,
  type TokenCreateInput,
  type TokenSummary,
  type TokenUpdateInput,
} from '#shared/schemas/tokens.js';
import { APP_ACTOR, type Actor, type AuditAction, type AuditLog } from '../audit/audit-log.js';
import { withoutFsync } from '../db/batch-write.js';
import { StampedCache, watchChanges, watchContent, type ChangeWatch } from '../db/change-watch.js';
import { createPrivateFile, defaultMigrationsFolder } from '../db/open.js';
import * as tokenSchema from '../db/token-schema/index.js';
import { accessTokens, type AccessTokenRow } from '../db/token-schema/index.js';
import { parseInput } from '../validation.js';
import { BrokerCallLog } from './call-log.js';
import { TokenPolicies } from './token-policies.js';
import { TokenPolicySchema, type TokenPolicy } from '#shared/schemas/token-policy.js';
import { hashToken, maskToken, newTokenId, newTokenValue, tokenIdOf, tokenMatches } from './token-value.js';

/** Adds served reads to a token; exported for the endpoint's bookkeeping worker (its own connection). */
export const TOKEN_USE_SQL = `UPDATE access_tokens SET use_count = use_count + @count,
  last_used_at = max(coalesce(last_used_at, 0), @at) WHERE id = @id`;

export type Authentication =
  { kind: 'ok'; token: TokenSummary } | { kind: 'unknown' } | { kind: 'expired'; token: TokenSummary };

export interface TokenUse {
  id: string;
  count: number;
  lastUsedAt: number;
}

function summarize(row: AccessTokenRow): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    masked: maskToken(row.id),
    scope: {
      hubs: row.scopeHubs ?? null,
      providers: (row.scopeProviders as ProviderId[] | null) ?? null,
      keyNames: row.scopeKeyNames ?? null,
    },
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    regeneratedAt: row.regeneratedAt,
    lastUsedAt: row.lastUsedAt,
    useCount: row.useCount,
    revokedAt: row.revokedAt,
    askBeforeUse: row.askBeforeUse,
  };
}

function prepareTokenLookup(db: BetterSQLite3Database<typeof tokenSchema>) {
  return db
    .select()
    .from(accessTokens)
    .where(eq(accessTokens.id, sql.placeholder('id')))
    .prepare();
}

/** What a malformed or unknown token is compared against, so each costs one hash all the same. */
const NO_HASH = Buffer.alloc(32);

export class TokenStore {
  private readonly sqlite: Database.Database;
  private readonly db: BetterSQLite3Database<typeof tokenSchema>;
  private readonly byId: ReturnType<typeof prepareTokenLookup>;
  /**
   * Token rows by id for authenticate(), each with its summary (shared by every request until the
   * row changes: callers only read it); emptied by any change to a token or a policy, from this
   * process or another (watchContent), but not by use counts, so the summary's may lag.
   */
  private readonly rows: StampedCache<{ row: AccessTokenRow; summary: TokenSummary } | null>;
  private readonly watch: ChangeWatch;
  /** The broker's call log, in the same database (see call-log.ts). */
  readonly calls: BrokerCallLog;
  /** The broker's per-token limits, in the same database (see token-policies.ts). */
  readonly policies: TokenPolicies;

  /**
   * `requireUnlocked` throws VaultLocked while the vault is locked: managing tokens needs the vault
   * open, while authenticate() does not (the endpoint answers 401 before it answers 423).
   */
  constructor(
    dataDir: string,
    private readonly audit: AuditLog,
    private readonly requireUnlocked: () => void,
    private readonly now: () => number = Date.now,
    migrationsFolder = join(defaultMigrationsFolder(), 'tokens'),
  ) {
    const file = join(dataDir, 'tokens.db');
    if (!existsSync(file)) createPrivateFile(file);
    this.sqlite = new Database(file);
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = FULL');
    this.sqlite.pragma('busy_timeout = 5000');
    this.db = drizzle(this.sqlite, { schema: tokenSchema });
    migrate(this.db, { migrationsFolder });
    // authenticate() runs on every endpoint request: prepare its lookup once.
    this.byId = prepareTokenLookup(this.db);
    this.watch = watchChanges(this.sqlite);
    this.rows = new StampedCache(watchContent(this.sqlite));
    this.calls = new BrokerCallLog(this.sqlite);
    this.policies = new TokenPolicies(this.sqlite);
  }

  /** The token database's path (the endpoint's bookkeeping worker opens its own connection). */
  get file(): string {
    return this.sqlite.name;
  }

  /**
   * Moves whenever tokens may have changed, here or in another process (the desktop pushes
   * tokens:changed on it). Counters only: it reads no row and needs no vault key.
   */
  changeStamp(): string {
    return this.watch.stamp();
  }

  /** The broker's calls per day, filtered, for the Usage screen (counts and cost only). */
  usage(query: UsageQuery, now = Date.now()): UsageView {
    const parsed = parseInput(UsageQuerySchema, query);
    const live = this.list().filter(
      (t) => t.revokedAt === null && (parsed.token === null || t.name === parsed.token),
    );
    const budgets = budgetsOf(
      live.map((t) => ({ id: t.id, name: t.name, policy: this.policies.get(t.id) })),
      (id, since) => this.calls.totals(id, since),
      now,
    );
    return { ...usageView(this.sqlite, parsed, now), budgets };
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }

  create(input: TokenCreateInput, actor: Actor = APP_ACTOR): IssuedToken {
    const data = parseInput(TokenCreateSchema, input);
    this.assertNameFree(data.name);
    const id = newTokenId();
    const token = newTokenValue(id);
    this.db
      .insert(accessTokens)
      .values({
        id,
        name: data.name,
        secretHash: hashToken(token),
        scopeHubs: data.scope.hubs ?? null,
        scopeProviders: data.scope.providers ?? null,
        scopeKeyNames: data.scope.keyNames ?? null,
        expiresAt: data.expiresAt ?? null,
        askBeforeUse: data.askBeforeUse ?? false,
        createdAt: this.now(),
      })
      .run();
    const summary = this.get(id);
    this.log(actor, 'token.create', summary, summary.askBeforeUse ? ': ask before use' : '');
    return { token, summary };
  }

  list(options: { includeRevoked?: boolean } = {}): TokenSummary[] {
    this.requireUnlocked();
    return this.db
      .select()
      .from(accessTokens)
      .where(options.includeRevoked ? undefined : isNull(accessTokens.revokedAt))
      .orderBy(asc(accessTokens.name))
      .all()
      .map(summarize);
  }

  get(id: string): TokenSummary {
    return summarize(this.row(id));
  }

  /** A new secret under the same name and scopes; the old value stops working at once. */
  regenerate(id: string, actor: Actor = APP_ACTOR): IssuedToken {
    const row = this.liveRow(id);
    this.assertUnlocked();
    const token = newTokenValue(row.id);
    this.db
      .update(accessTokens)
      .set({ secretHash: hashToken(token), regeneratedAt: this.now() })
      .where(eq(accessTokens.id, row.id))
      .run();
    const summary = this.get(row.id);
    this.log(actor, 'token.regenerate', summary);
    return { token, summary };
  }

  /**
   * Changes a live token's scope or expiry; its value stays the same, so the tools holding it keep
   * working (within the new scope). The audit entry names the fields that changed, not their values.
   */
  update(id: string, changes: TokenUpdateInput, actor: Actor = APP_ACTOR): TokenSummary {
    const data = parseInput(TokenUpdateSchema, changes);
    const row = this.liveRow(id);
    this.assertUnlocked();
    const scope = data.scope ?? {};
    const set: Partial<AccessTokenRow> = {
      ...(scope.hubs !== undefined ? { scopeHubs: scope.hubs } : {}),
      ...(scope.providers !== undefined ? { scopeProviders: scope.providers } : {}),
      ...(scope.keyNames !== undefined ? { scopeKeyNames: scope.keyNames } : {}),
      ...(data.expiresAt !== undefined ? { expiresAt: data.expiresAt } : {}),
      ...(data.askBeforeUse !== undefined ? { askBeforeUse: data.askBeforeUse } : {}),
    };
    this.db.update(accessTokens).set(set).where(eq(accessTokens.id, row.id)).run();
    const summary = this.get(row.id);
    const changed = [
      scope.providers !== undefined && 'providers',
      scope.hubs !== undefined && 'hubs',
      scope.keyNames !== undefined && 'key names',
      data.expiresAt !== undefined && 'expiry',
      data.askBeforeUse !== undefined && `ask before use ${data.askBeforeUse ? 'on' : 'off'}`,
    ].filter(Boolean);
    this.log(actor, 'token.update', summary, `: ${changed.join(', ')}`);
    return summary;
  }

  /** A live token's broker policy, or null when it has none. */
  policyOf(id: string): TokenPolicy | null {
    return this.policies.get(this.liveRow(id).id);
  }

  /** Sets (or with null, clears) a live token's broker policy; audited, never its values. */
  setPolicy(id: string, policy: TokenPolicy | null, actor: Actor = APP_ACTOR): TokenPolicy | null {
    const data = policy === null ? null : parseInput(TokenPolicySchema, policy);
    const row = this.liveRow(id);
    this.assertUnlocked();
    this.policies.write(row.id, data, this.now());
    this.log(actor, 'token.update', this.get(row.id), ': policy');
    return this.policies.get(row.id);
  }

  revoke(id: string, actor: Actor = APP_ACTOR): TokenSummary {
    const row = this.liveRow(id);
    this.assertUnlocked();
    this.db.update(accessTokens).set({ revokedAt: this.now() }).where(eq(accessTokens.id, row.id)).run();
    const summary = this.get(row.id);
    this.log(actor, 'token.revoke', summary);
    return summary;
  }

  /** Finds a live token by id or by exact name (for the CLI). */
  find(idOrName: string): TokenSummary {
    const row = this.db
      .select()
      .from(accessTokens)
      .where(
        and(
          isNull(accessTokens.revokedAt),
          sql`(${accessTokens.id} = ${idOrName} OR ${accessTokens.name} = ${idOrName})`,
        ),
      )
      .get();
    if (!row) throw new AikeyError('TokenNotFound', 'No live access token has that id or name.');
    return summarize(row);
  }

  authenticate(presented: string): Authentication {
    const id = tokenIdOf(presented);
    // A malformed value still costs one hash, so timing does not tell malformed from unknown.
    const cached =
      id === null
        ? null
        : this.rows.get(id, () => {
            const row = this.byId.get({ id });
            return row ? { row, summary: summarize(row) } : null;
          });
    const matches = tokenMatches(presented, cached?.row.secretHash ?? NO_HASH);
    if (!cached || !matches || cached.row.revokedAt !== null) return { kind: 'unknown' };
    const { row, summary: token } = cached;
    if (row.expiresAt !== null && row.expiresAt <= this.now()) return { kind: 'expired', token };
    return { kind: 'ok', token };
  }

  /** Applies usage gathered by the endpoint in one transaction. */
  recordUses(uses: Iterable<TokenUse>): void {
    const update = this.sqlite.prepare(TOKEN_USE_SQL);
    withoutFsync(this.sqlite, () => {
      for (const use of uses) update.run({ id: use.id, count: use.count, at: use.lastUsedAt });
    });
  }

  private assertUnlocked(): void {
    // Token changes are audited in the vault; refusing while locked keeps the trail complete.
    this.audit.list({ limit: 1 });
  }

  private assertNameFree(name: string): void {
    this.assertUnlocked();
    const clash = this.db
      .select({ id: accessTokens.id })
      .from(accessTokens)
      .where(and(eq(accessTokens.name, name), isNull(accessTokens.revokedAt)))
      .get();
    if (clash) throw new AikeyError('DuplicateName', `A live access token named "${name}" already exists.`);
  }

  private row(id: string): AccessTokenRow {
    const row = this.db.select().from(accessTokens).where(eq(accessTokens.id, id)).get();
    if (!row) throw new AikeyError('TokenNotFound', 'No access token with that id exists.');
    return row;
  }

  private liveRow(id: string): AccessTokenRow {
    const row = this.row(id);
    if (row.revokedAt !== null) throw new AikeyError('TokenNotFound', 'That access token was revoked.');
    return row;
  }

  private log(actor: Actor, action: AuditAction, token: TokenSummary, what = ''): void {
    this.audit.record({
      actor,
      action,
      result: 'ok',
      detail: `token "${token.name}" (${token.masked})${what}`,
    });
  }
}
