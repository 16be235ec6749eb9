// Main's single entry for IPC: every call passes the sender-origin check, then the contract's zod
// input schema, then the service, and always answers with a tagged result. The renderer is untrusted:
// nothing it sends reaches a service unparsed, and no exception, stack or secret crosses back.
// Transport-free, so Electron's ipcMain and the e2e harness's loopback server share it unchanged.
import { AikeyError, ERROR_CODES, isAikeyError, type ErrorCode } from '#shared/errors.js';
import { IPC_CHANNELS, type IpcChannel, type IpcResult } from '#shared/ipc/channels.js';
import { IPC_CONTRACT, type IpcOutput, type IpcParsed } from '#shared/ipc/contract.js';
import { parseInput } from '#core/validation.js';

export type IpcHandlers = {
  [C in IpcChannel]: (input: IpcParsed<C>) => IpcOutput<C> | Promise<IpcOutput<C>>;
};

export interface IpcRouterOptions {
  /** Origins whose frames may call main: app://aikey, and the dev or harness server. */
  allowedOrigins: readonly string[];
  /**
   * Also check every answer against the contract's output schema. Main is trusted, so this is a
   * contract test for the test suite and the harness, not a guard; it costs ~1 ms per 1k keys.
   */
  checkOutputs?: boolean;
  /** Told about failures that are not the user's doing (never with input or secrets). */
  onInternalError?: (channel: IpcChannel, error: unknown) => void;
}

export interface IpcRouter {
  readonly channels: readonly IpcChannel[];
  invoke(channel: string, senderOrigin: string | null, input: unknown): Promise<IpcResult<unknown>>;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

function failure(code: ErrorCode, message: string, retryAfterMs?: number): IpcResult<never> {
  return {
    ok: false,
    error: retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs },
  };
}

function isChannel(channel: string): channel is IpcChannel {
  return (IPC_CHANNELS as readonly string[]).includes(channel);
}

export function createIpcRouter(handlers: IpcHandlers, options: IpcRouterOptions): IpcRouter {
  const allowed = new Set(options.allowedOrigins);
  return {
    channels: IPC_CHANNELS,
    async invoke(channel, senderOrigin, input) {
      if (!isChannel(channel)) return failure('InvalidInput', 'There is no such operation.');
      if (senderOrigin === null || !allowed.has(senderOrigin)) {
        return failure('Forbidden', 'This page may not use the wallet.');
      }
      const contract = IPC_CONTRACT[channel];
      try {
        const parsed = parseInput(contract.input, input);
        const handler = handlers[channel] as (value: unknown) => unknown;
        const value = await handler(parsed);
        if (options.checkOutputs) contract.output.parse(value);
        return { ok: true, value };
      } catch (error) {
        if (isAikeyError(error) && KNOWN_CODES.has(error.code)) {
          return failure(error.code, error.message, error.retryAfterMs);
        }
        options.onInternalError?.(channel, error);
        return failure('Internal', 'Something went wrong in the wallet. Try again.');
      }
    },
  };
}

/** Turns a tagged failure back into the typed error, for callers in main (tests, the harness). */
export function unwrapResult<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  const code = (KNOWN_CODES.has(result.error.code) ? result.error.code : 'Internal') as ErrorCode;
  throw new AikeyError(code, result.error.message);
}
