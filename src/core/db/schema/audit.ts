// The audit log: who did what to which key, when, and whether it worked. Append-only, and it never
// holds a secret: targets are named by hub, provider and key name, never by value.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'number' }).notNull(),
    actorType: text('actor_type', { enum: ['app', 'cli', 'token'] }).notNull(),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    keyId: text('key_id'),
    hubId: text('hub_id'),
    hubName: text('hub_name'),
    provider: text('provider'),
    keyName: text('key_name'),
    result: text('result', { enum: ['ok', 'denied', 'error'] }).notNull(),
    detail: text('detail'),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_key_idx').on(t.keyId)],
);

export type AuditRow = typeof auditLog.$inferSelect;
