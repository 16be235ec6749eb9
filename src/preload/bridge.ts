// Builds the closed window.aikey object from the contract's channel list over a transport. The object
// is spelled out domain by domain and checked with `satisfies AikeyApi`, so a channel missing here,
// or one that is not in the contract, fails to compile; window.aikey.on is built the same way from
// the contract's events. It must never expose the transport itself or
// a pass-through taking any channel name: the page gets named operations only. Imports no zod.
import type { IpcChannel, IpcEvent, IpcResult } from '#shared/ipc/channels.js';
import type {
  AikeyApi,
  AikeyEvents,
  IpcEventTransport,
  IpcMethod,
  IpcSubscribe,
  IpcTransport,
} from '#shared/ipc/api.js';

export function buildAikeyApi(transport: IpcTransport, events: IpcEventTransport): AikeyApi {
  const call = <C extends IpcChannel>(channel: C): IpcMethod<C> =>
    ((input?: unknown) => transport(channel, input)) as IpcMethod<C>;
  // Only a function: the page can neither name another event nor reach the transport through it.
  const on = <E extends IpcEvent>(event: E): IpcSubscribe<E> =>
    ((listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError('A listener must be a function.');
      return events(event, (payload) => listener(payload));
    }) as IpcSubscribe<E>;
  const subscriptions = {
    vaultState: on('vault:state'),
    keysChanged: on('keys:changed'),
    tokensChanged: on('tokens:changed'),
    endpointState: on('endpoint:state'),
    importProgress: on('import:progress'),
    hubsChanged: on('hubs:changed'),
    appNavigate: on('app:navigate'),
    approvalsPrompt: on('approvals:prompt'),
    approvalsSettled: on('approvals:settled'),
  } satisfies AikeyEvents;
  const api = {
    vault: {
      status: call('vault:status'),
      passwordStrength: call('vault:passwordStrength'),
      create: call('vault:create'),
      unlock: call('vault:unlock'),
      unlockWithKeychain: call('vault:unlockWithKeychain'),
      lock: call('vault:lock'),
      changePassword: call('vault:changePassword'),
      recover: call('vault:recover'),
      restoreBackup: call('vault:restoreBackup'),
    },
    keychain: {
      status: call('keychain:status'),
      enable: call('keychain:enable'),
      disable: call('keychain:disable'),
    },
    hubs: {
      list: call('hubs:list'),
      join: call('hubs:join'),
      invite: call('hubs:invite'),
      members: call('hubs:members'),
      removeMember: call('hubs:removeMember'),
      leave: call('hubs:leave'),
      sync: call('hubs:sync'),
    },
    keys: {
      list: call('keys:list'),
      changes: call('keys:changes'),
      create: call('keys:create'),
      update: call('keys:update'),
      reveal: call('keys:reveal'),
      remove: call('keys:remove'),
      restore: call('keys:restore'),
      purge: call('keys:purge'),
      validate: call('keys:validate'),
    },
    clipboard: {
      copySecret: call('clipboard:copySecret'),
      copyOneTime: call('clipboard:copyOneTime'),
    },
    tokens: {
      list: call('tokens:list'),
      create: call('tokens:create'),
      regenerate: call('tokens:regenerate'),
      revoke: call('tokens:revoke'),
      policy: call('tokens:policy'),
      setPolicy: call('tokens:setPolicy'),
      update: call('tokens:update'),
    },
    approvals: {
      pending: call('approvals:pending'),
      answer: call('approvals:answer'),
      grants: call('approvals:grants'),
      revoke: call('approvals:revoke'),
    },
    audit: { list: call('audit:list') },
    settings: { get: call('settings:get'), set: call('settings:set') },
    endpoint: { status: call('endpoint:status') },
    cli: { status: call('cli:status'), install: call('cli:install') },
    usage: { report: call('usage:report') },
    import: {
      scan: call('import:scan'),
      scanDropped: call('import:scanDropped'),
      cancel: call('import:cancel'),
      run: call('import:run'),
    },
    activity: { ping: call('activity:ping') },
    on: subscriptions,
  } satisfies AikeyApi;
  return deepFreeze(api);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object') Object.freeze(inner);
  return Object.freeze(value);
}

/** A transport whose failure (main gone, harness down) still answers as a tagged result. */
export function safeTransport(raw: (channel: IpcChannel, input: unknown) => Promise<unknown>): IpcTransport {
  return async (channel, input) => {
    try {
      return (await raw(channel, input)) as IpcResult<unknown>;
    } catch {
      return {
        ok: false,
        error: { code: 'Internal', message: 'The wallet did not answer. Restart the app.' },
      };
    }
  };
}
