// Every failure a user can cause has a named code here, shared by main, the CLI, the endpoint and
// the renderer, so an error crosses any boundary as data and becomes a typed error again.
// Messages are written for people and must never contain a secret, a token or a password.

export const ERROR_CODES = [
  'InvalidInput',
  'WeakPassword',
  'WrongPassword',
  'TooManyAttempts',
  'BadRecoveryKey',
  'VaultExists',
  'VaultNotFound',
  'VaultLocked',
  'VaultCorrupt',
  'VaultBusy',
  'UnsafeKdfParams',
  'DuplicateName',
  'KeyNotFound',
  'HubNotFound',
  'InvalidKeyFormat',
  'TokenNotFound',
  'EndpointInUse',
  'Forbidden',
  'KeychainUnavailable',
  'HubUnreachable',
  /** The hub refused the request (a reason not named by a more specific code). */
  'HubRejected',
  /** The hub answered with something that is not what the protocol says. */
  'HubBadResponse',
  'HubTampered',
  /** An item or the member list changed on the hub meanwhile: sync, then try again. */
  'HubConflict',
  /** The hub key was rotated meanwhile: fetch the new one, then try again. */
  'HubKeyChanged',
  'InvalidInvite',
  'MemberRemoved',
  /** This device joined a team hub and waits for an admin to approve it. */
  'MemberPending',
  'NotHubAdmin',
  'Internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Milliseconds to wait before retrying, for TooManyAttempts. */
  retryAfterMs?: number;
}

export class AikeyError extends Error {
  override readonly name = 'AikeyError';
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options?: { retryAfterMs?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterMs = options?.retryAfterMs;
  }

  toPayload(): ErrorPayload {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }

  static fromPayload(payload: ErrorPayload): AikeyError {
    return new AikeyError(
      payload.code,
      payload.message,
      payload.retryAfterMs === undefined ? undefined : { retryAfterMs: payload.retryAfterMs },
    );
  }
}

export function isAikeyError(error: unknown, code?: ErrorCode): error is AikeyError {
  return error instanceof AikeyError && (code === undefined || error.code === code);
}
