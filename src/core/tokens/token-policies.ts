// Token policies (token_policies in tokens.db): read by the broker on every call, through a cache
// that empties itself when any connection writes the database, so a policy changed by the CLI or
// the desktop applies to the next call. Written only through TokenStore.setPolicy (audited).
import type Database from 'better-sqlite3';
import { TokenPolicySchema, type TokenPolicy } from '#shared/schemas/token-policy.js';
import { StampedCache, watchContent } from '../db/change-watch.js';

export class TokenPolicies {
  private readonly cache: StampedCache<TokenPolicy | null>;
  private readonly select: Database.Statement<[string], { policy: string }>;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.cache = new StampedCache(watchContent(sqlite));
    this.select = sqlite.prepare('SELECT policy FROM token_policies WHERE token_id = ?');
    this.upsert = sqlite.prepare(
      `INSERT INTO token_policies (token_id, policy, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(token_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
    );
    this.remove = sqlite.prepare('DELETE FROM token_policies WHERE token_id = ?');
  }

  /** The token's policy, or null when it has none. A row that no longer parses counts as none. */
  get(tokenId: string): TokenPolicy | null {
    return this.cache.get(tokenId, () => {
      const row = this.select.get(tokenId);
      if (!row) return null;
      let json: unknown;
      try {
        json = JSON.parse(row.policy);
      } catch {
        return null;
      }
      const parsed = TokenPolicySchema.safeParse(json);
      return parsed.success ? parsed.data : null;
    });
  }

  write(tokenId: string, policy: TokenPolicy | null, at: number): void {
    const empty =
      policy === null || Object.values(policy).every((v) => v === null || v === undefined || v === false);
    if (empty) this.remove.run(tokenId);
    else this.upsert.run(tokenId, JSON.stringify(policy), at);
  }
}
