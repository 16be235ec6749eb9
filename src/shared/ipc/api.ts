// The type of window.aikey: one async method per contract channel, grouped by domain
// (`keys:list` -> window.aikey.keys.list). Methods resolve to a tagged IpcResult, never throw
// across the bridge; the renderer's service layer turns a failure back into an AikeyError.
import type { IpcChannel, IpcDomain, IpcEvent, IpcEventKey, IpcResult, IpcVerb } from './channels.js';
import type { IpcEventPayload, IpcInput, IpcOutput } from './contract.js';

export type IpcMethod<C extends IpcChannel> = [IpcInput<C>] extends [undefined]
  ? () => Promise<IpcResult<IpcOutput<C>>>
  : (input: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>;

export type AikeyInvokeApi = {
  readonly [D in IpcDomain]: { readonly [V in IpcVerb<D>]: IpcMethod<`${D}:${V}` & IpcChannel> };
};

/** Subscribes to one pushed event; the returned function unsubscribes. */
export type IpcSubscribe<E extends IpcEvent> = (
  listener: (payload: IpcEventPayload<E>) => void,
) => () => void;

/** window.aikey.on: one subscription per contract event (`vault:state` -> on.vaultState). */
export type AikeyEvents = { readonly [E in IpcEvent as IpcEventKey<E>]: IpcSubscribe<E> };

export type AikeyApi = AikeyInvokeApi & { readonly on: AikeyEvents };

/** How a bridge reaches main: Electron's ipcRenderer.invoke, or the e2e harness's loopback fetch. */
export type IpcTransport = (channel: IpcChannel, input: unknown) => Promise<IpcResult<unknown>>;

/** How a bridge hears main's events: ipcRenderer.on in Electron, a loopback stream in the harness. */
export type IpcEventTransport = (event: IpcEvent, listener: (payload: unknown) => void) => () => void;
