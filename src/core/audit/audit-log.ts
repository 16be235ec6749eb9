// The audit log service: records who did what to which key, and reads it back with filters and
// paging. It stores names (hub, provider, key name, token name), never a secret. Writes go through
// a prepared statement because the endpoint writes one entry per served key on its hot path.
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import {
  AuditQuerySchema,
  type AuditAction,
  type AuditPage,
  type AuditQuery,
} from '#shared/schemas/audit.js';
import { auditLog } from '../db/schema/index.js';
import type { VaultSession } from '../vault/vault.js';
import { perSession } from '../db/per-session.js';
import { parseInput } from '../validation.js';

export { AUDIT_ACTIONS, type AuditAction } from '#shared/schemas/audit.js';

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

const MAX_DETAIL = 300;

// Raw prepared SQL: the endpoint writes one entry per served key, and drizzle's per-row mapping
// cost more than the insert itself. Exported for the endpoint's bookkeeping worker, which writes
// the same rows on its own connection.
export const AUDIT_INSERT_SQL = `INSERT INTO audit_log (at, actor_type, actor_name, action, key_id, hub_id,
     hub_name, provider, key_name, result, detail)
   VALUES (:at, :actorType, :actorName, :action, :keyId, :hubId, :hubName, :provider, :keyName,
     :result, :detail)`;
const insertEntry = perSession(({ sqlite }) => sqlite.prepare(AUDIT_INSERT_SQL));

/** The fields of an AuditRow in AUDIT_INSERT_SQL's column order. */
export const AUDIT_ROW_FIELDS = [
  'at',
  'actorType',
  'actorName',
  'action',
  'keyId',
  'hubId',
  'hubName',
  'provider',
  'keyName',
  'result',
  'detail',
] as const satisfies readonly (keyof AuditRow)[];

/**
 * One INSERT of `rows` audit rows with positional parameters, in AUDIT_ROW_FIELDS order: the
 * bookkeeping worker writes its batches with it (about 40 % less per row than one INSERT each).
 */
export function auditInsertManySql(rows: number): string {
  const head = AUDIT_INSERT_SQL.slice(0, AUDIT_INSERT_SQL.indexOf('VALUES'));
  const tuple = `(${AUDIT_ROW_FIELDS.map(() => '?').join(', ')})`;
  return `${head}VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

/** The parameters of one audit row, as AUDIT_INSERT_SQL takes them. */
export interface AuditRow {
  at: number;
  actorType: Actor['type'];
  actorName: string;
  action: AuditAction;
  keyId: string | null;
  hubId: string | null;
  hubName: string | null;
  provider: string | null;
  keyName: string | null;
  result: AuditEntryInput['result'];
  detail: string | null;
}

/** An entry as the row it becomes (the detail capped). */
export function auditRow(entry: AuditEntryInput, now: number): AuditRow {
  const t = entry.target ?? {};
  return {
    at: entry.at ?? now,
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
  };
}

export class AuditLog {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: AuditEntryInput): void {
    insertEntry(this.session()).run(auditRow(entry, this.now()));
  }

  /** Rows already built (the endpoint's batched read entries written on this connection). */
  recordRows(rows: Iterable<AuditRow>): void {
    const insert = insertEntry(this.session());
    for (const row of rows) insert.run(row);
  }

  list(query: AuditQuery = {}): AuditPage {
    const q = parseInput(AuditQuerySchema, query);
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
