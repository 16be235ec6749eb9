// The names of every IPC channel, `domain:verb`, as plain strings without their schemas, so the
// sandboxed preload can build window.aikey without bundling zod. contract.ts pairs each name with
// its schemas and fails to compile if the two lists drift apart.
export const IPC_CHANNELS = [
  'vault:status',
  'vault:passwordStrength',
  'vault:create',
  'vault:unlock',
  'vault:unlockWithKeychain',
  'vault:lock',
  'vault:changePassword',
  'vault:recover',
  'vault:restoreBackup',
  'keychain:status',
  'keychain:enable',
  'keychain:disable',
  'hubs:list',
  'hubs:join',
  'hubs:invite',
  'hubs:members',
  'hubs:removeMember',
  'hubs:leave',
  'hubs:sync',
  'keys:list',
  'keys:changes',
  'keys:create',
  'keys:update',
  'keys:reveal',
  'keys:remove',
  'keys:restore',
  'keys:purge',
  'keys:validate',
  'tokens:list',
  'tokens:create',
  'tokens:regenerate',
  'tokens:revoke',
  'audit:list',
  'settings:get',
  'settings:set',
  'endpoint:status',
  'cli:status',
  'cli:install',
  'activity:ping',
] as const;

export type IpcChannel = (typeof IPC_CHANNELS)[number];

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C, D extends string> = C extends `${D}:${infer V}` ? V : never;

export type IpcDomain = DomainOf<IpcChannel>;
export type IpcVerb<D extends IpcDomain> = VerbOf<IpcChannel, D>;

/** What crosses the bridge: never a thrown error (Electron keeps only its message). */
export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; retryAfterMs?: number } };

export function splitChannel(channel: IpcChannel): [domain: string, verb: string] {
  const at = channel.indexOf(':');
  return [channel.slice(0, at), channel.slice(at + 1)];
}
