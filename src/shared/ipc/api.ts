// The type of window.aikey: one async method per contract channel, grouped by domain
// (`keys:list` -> window.aikey.keys.list). Methods resolve to a tagged IpcResult, never throw
// across the bridge; the renderer's service layer turns a failure back into an AikeyError.
import type { IpcChannel, IpcDomain, IpcResult, IpcVerb } from './channels.js';
import type { IpcInput, IpcOutput } from './contract.js';

export type IpcMethod<C extends IpcChannel> = [IpcInput<C>] extends [undefined]
  ? () => Promise<IpcResult<IpcOutput<C>>>
  : (input: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>;

export type AikeyApi = {
  readonly [D in IpcDomain]: { readonly [V in IpcVerb<D>]: IpcMethod<`${D}:${V}` & IpcChannel> };
};

/** How a bridge reaches main: Electron's ipcRenderer.invoke, or the e2e harness's loopback fetch. */
export type IpcTransport = (channel: IpcChannel, input: unknown) => Promise<IpcResult<unknown>>;
