// Distinct, documented exit codes, so scripts can tell why aikey failed without parsing text.
// README.md lists them; keep the two in step.
import { AikeyError, type ErrorCode } from '#shared/errors.js';
import { storageFailure } from '#core/db/storage-errors.js';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notRunning: 3,
  locked: 4,
  badToken: 5,
  outOfScope: 6,
  keyMissing: 7,
  wrongPassword: 8,
  vault: 9,
  busy: 10,
  hubRefused: 11,
  hubUnreachable: 12,
  removedFromHub: 13,
  hubTampered: 14,
  /** The launcher's: this Node.js is older than the CLI needs (bin/launcher.mjs). */
  oldNode: 15,
  /** Ctrl-C at a prompt, as a shell reports SIGINT. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports in one line and exits with. Never carries a secret. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BY_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  InvalidInput: EXIT.usage,
  InvalidKeyFormat: EXIT.usage,
  WeakPassword: EXIT.usage,
  DuplicateName: EXIT.usage,
  WrongPassword: EXIT.wrongPassword,
  BadRecoveryKey: EXIT.wrongPassword,
  TooManyAttempts: EXIT.wrongPassword,
  VaultLocked: EXIT.locked,
  KeyNotFound: EXIT.keyMissing,
  HubNotFound: EXIT.keyMissing,
  TokenNotFound: EXIT.keyMissing,
  VaultNotFound: EXIT.vault,
  VaultExists: EXIT.vault,
  VaultCorrupt: EXIT.vault,
  UnsafeKdfParams: EXIT.vault,
  EndpointInUse: EXIT.vault,
  VaultBusy: EXIT.busy,
  InvalidInvite: EXIT.hubRefused,
  HubRejected: EXIT.hubRefused,
  HubConflict: EXIT.hubRefused,
  HubKeyChanged: EXIT.hubRefused,
  MemberPending: EXIT.hubRefused,
  HubBadResponse: EXIT.hubUnreachable,
  NotHubAdmin: EXIT.hubRefused,
  Forbidden: EXIT.hubRefused,
  HubUnreachable: EXIT.hubUnreachable,
  MemberRemoved: EXIT.removedFromHub,
  HubTampered: EXIT.hubTampered,
};

export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const failure = error instanceof AikeyError ? error : storageFailure(error);
  if (failure) return new CliError(BY_CODE[failure.code] ?? EXIT.failure, failure.code, failure.message);
  return new CliError(EXIT.failure, 'Internal', 'aikey failed unexpectedly.');
}

/** Endpoint error codes (HTTP) -> exit codes. */
export function exitForEndpointCode(code: string | undefined): ExitCode {
  switch (code) {
    case 'unauthorized':
    case 'token_expired':
    case 'rate_limited':
      return EXIT.badToken;
    case 'vault_locked':
      return EXIT.locked;
    case 'out_of_scope':
      return EXIT.outOfScope;
    case 'key_not_found':
      return EXIT.keyMissing;
    case 'invalid_request':
      return EXIT.usage;
    case 'vault_corrupt':
      return EXIT.vault;
    case 'vault_busy':
      return EXIT.busy;
    default:
      return EXIT.failure;
  }
}
