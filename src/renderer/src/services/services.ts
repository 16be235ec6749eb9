// The renderer's only door to main: window.aikey with every tagged result unwrapped, so a failure
// becomes an AikeyError again (code, message, retryAfterMs) and stores can simply await and catch.
// Stores receive this object instead of touching window.aikey, so tests pass fakes. It must never
// log, cache or transform a secret it carries.
import { AikeyError, ERROR_CODES, type ErrorCode } from '#shared/errors.js';
import type { AikeyApi, AikeyEvents, AikeyInvokeApi } from '#shared/ipc/api.js';
import { eventKey, IPC_CHANNELS, IPC_EVENTS, splitChannel, type IpcResult } from '#shared/ipc/channels.js';

type Unwrapped<M> = M extends (...args: infer A) => Promise<IpcResult<infer T>>
  ? (...args: A) => Promise<T>
  : never;

/** window.aikey with plain promises: resolves with the value, rejects with an AikeyError. */
export type AikeyServices = {
  readonly [D in keyof AikeyInvokeApi]: {
    readonly [V in keyof AikeyInvokeApi[D]]: Unwrapped<AikeyInvokeApi[D][V]>;
  };
} & {
  /** Main's pushed events; without a bridge a subscription hears nothing (and says nothing). */
  readonly on: AikeyEvents;
};

function toCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'Internal';
}

export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  let result: IpcResult<T>;
  try {
    result = await pending;
  } catch {
    // A transport failure (the harness went away, the window is closing) is not the user's fault.
    throw new AikeyError('Internal', 'The wallet did not answer. Restart AIKey Wallet and try again.');
  }
  if (result.ok) return result.value;
  const { code, message, retryAfterMs } = result.error;
  return Promise.reject(
    AikeyError.fromPayload(
      retryAfterMs === undefined
        ? { code: toCode(code), message }
        : { code: toCode(code), message, retryAfterMs },
    ),
  );
}

/**
 * Wraps every contract channel. The bridge is looked up at call time, not at import, so a page
 * whose window.aikey arrives late (the e2e harness) or never (opened in a plain browser) still loads
 * and shows a clear error instead of a blank window.
 */
export function createServices(getApi: () => AikeyApi | undefined): AikeyServices {
  const services: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of IPC_CHANNELS) {
    const [domain, verb] = splitChannel(channel);
    (services[domain] ??= {})[verb] = (input?: unknown) => {
      const api = getApi() as Record<string, Record<string, BridgeMethod>> | undefined;
      const method = api?.[domain]?.[verb];
      if (method === undefined) return Promise.reject(MISSING_BRIDGE());
      return unwrap(method(input));
    };
  }
  const on: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const event of IPC_EVENTS) {
    const key = eventKey(event);
    on[key] = (listener) => {
      const subscribe = (getApi()?.on as Record<string, (typeof on)[string]> | undefined)?.[key];
      return subscribe === undefined ? () => undefined : subscribe(listener);
    };
  }
  return { ...services, on } as unknown as AikeyServices;
}

type BridgeMethod = (input?: unknown) => Promise<IpcResult<unknown>>;

const MISSING_BRIDGE = () =>
  new AikeyError(
    'Internal',
    'This page cannot reach the wallet. Open AIKey Wallet from its app icon rather than in a browser.',
  );

/** The message to show for any failure, typed or not; never a stack or a secret. */
export function messageOf(error: unknown): string {
  if (error instanceof AikeyError) return error.message;
  return 'Something went wrong. Try again; if it keeps happening, restart AIKey Wallet.';
}
