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
  'clipboard:copySecret',
  'clipboard:copyOneTime',
  'tokens:list',
  'tokens:create',
  'tokens:regenerate',
  'tokens:revoke',
  'tokens:policy',
  'tokens:setPolicy',
  'tokens:update',
  'approvals:pending',
  'approvals:answer',
  'approvals:grants',
  'approvals:revoke',
  'audit:list',
  'settings:get',
  'settings:set',
  'endpoint:status',
  'cli:status',
  'cli:install',
  'usage:report',
  'import:scan',
  'import:scanDropped',
  'import:cancel',
  'import:run',
  'activity:ping',
] as const;

export type IpcChannel = (typeof IPC_CHANNELS)[number];

/**
 * The events main pushes to the window, `domain:what`, so the renderer never polls. Like the
 * channels, each name has a zod schema in contract.ts, and the preload exposes a subscription for
 * these names only (window.aikey.on.vaultState and so on). None may share a name with a channel.
 */
export const IPC_EVENTS = [
  'vault:state',
  'keys:changed',
  'tokens:changed',
  'endpoint:state',
  'import:progress',
  'hubs:changed',
  'app:navigate',
  'approvals:prompt',
  'approvals:settled',
] as const;

export type IpcEvent = (typeof IPC_EVENTS)[number];

/** `vault:state` -> `vaultState`: the property of window.aikey.on that subscribes to the event. */
export type IpcEventKey<E extends IpcEvent> = E extends `${infer D}:${infer W}`
  ? `${D}${Capitalize<W>}`
  : never;

export function eventKey<E extends IpcEvent>(event: E): IpcEventKey<E> {
  const [domain, what] = event.split(':') as [string, string];
  return `${domain}${what.charAt(0).toUpperCase()}${what.slice(1)}` as IpcEventKey<E>;
}

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
