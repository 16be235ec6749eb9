// The audit log's closed vocabularies (actions, results, actor kinds) as plain constants, apart from
// their zod schemas in schemas/audit.ts, so the renderer's audit filters can list them without
// bundling zod. Add an action here; the schema and the renderer follow.
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
  'token.update',
  'token.revoke',
  'vault.change_password',
  'vault.recover',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_RESULTS = ['ok', 'denied', 'error'] as const;
export const ACTOR_TYPES = ['app', 'cli', 'token'] as const;
