// The audit log service: records who did what to which key, and reads it back with filters and
// paging. It stores names (hub, provider, key name, token name), never a secret. Writes go through
// a prepared statement because the endpoint writes one entry per served key on its hot path.
import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, type AuditRow } from '../db/schema/index.js';
import type { VaultSession } from '../vault/vault.js';
import { perSession } from '../db/per-session.js';

export const AUDIT_ACTIONS = [
  'key.create',
  'key.update',
  'key.rotate',
  'key.delete',
  'key.restore',
  'key.purge',
  'key.reveal',
  'key.read',
  'token.create',
  'token.regenerate',
  'token.revoke',
  'vault.change_password',
  'vault.recover',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface Actor {
  type: 'app' | 'cli' | 'token';
  name: string;
}

export const APP_ACTOR: Actor = { type: 'app', name: 'AIKey Wallet' };

export interface AuditEntryInput {
  actor: Actor;
  action: AuditAction;
  result: 'ok' | 'denied' | 'error';
  target?: { keyId?: string; hubId?: string; hubName?: string; provider?: string; keyName?: string };
  detail?: string;
  /** When it happened, if not now (batched writes keep the time of the event). */
  at?: number;
}

export const AuditQuerySchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
    action: z.enum(AUDIT_ACTIONS).optional(),
    keyId: z.string().optional(),
    actorName: z.string().optional(),
    actorType: z.enum(['app', 'cli', 'token']).optional(),
    result: z.enum(['ok', 'denied', 'error']).optional(),
    since: z.number().int().optional(),
    until: z.number().int().optional(),
  })
  .strict();
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export interface AuditPage {
  entries: AuditRow[];
  total: number;
}

const MAX_DETAIL = 300;

const insertEntry = perSession(({ db }) =>
  db
    .insert(auditLog)
    .values({
      at: sql.placeholder('at'),
      actorType: sql.placeholder('actorType'),
      actorName: sql.placeholder('actorName'),
      action: sql.placeholder('action'),
      keyId: sql.placeholder('keyId'),
      hubId: sql.placeholder('hubId'),
      hubName: sql.placeholder('hubName'),
      provider: sql.placeholder('provider'),
      keyName: sql.placeholder('keyName'),
      result: sql.placeholder('result'),
      detail: sql.placeholder('detail'),
    })
    .prepare(),
);

export class AuditLog {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: AuditEntryInput): void {
    const t = entry.target ?? {};
    insertEntry(this.session()).run({
      at: entry.at ?? this.now(),
      actorType: entry.actor.type,
      actorName: entry.actor.name,
      action: entry.action,
      keyId: t.keyId ?? null,
      hubId: t.hubId ?? null,
      hubName: t.hubName ?? null,
      provider: t.provider ?? null,
      keyName: t.keyName ?? null,
      result: entry.result,
      detail: entry.detail === undefined ? null : entry.detail.slice(0, MAX_DETAIL),
    });
  }

  list(query: AuditQuery = {}): AuditPage {
    const q = AuditQuerySchema.parse(query);
    const { db } = this.session();
    const where: SQL[] = [];
    if (q.action) where.push(eq(auditLog.action, q.action));
    if (q.keyId) where.push(eq(auditLog.keyId, q.keyId));
    if (q.actorName) where.push(eq(auditLog.actorName, q.actorName));
    if (q.actorType) where.push(eq(auditLog.actorType, q.actorType));
    if (q.result) where.push(eq(auditLog.result, q.result));
    if (q.since !== undefined) where.push(gte(auditLog.at, q.since));
    if (q.until !== undefined) where.push(lte(auditLog.at, q.until));
    const condition = where.length > 0 ? and(...where) : undefined;
    const entries = db
      .select()
      .from(auditLog)
      .where(condition)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(q.limit)
      .offset(q.offset)
      .all();
    const total = db.select({ n: count() }).from(auditLog).where(condition).get()?.n ?? 0;
    return { entries, total };
  }
}
