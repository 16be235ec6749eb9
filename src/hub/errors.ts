// The hub's one error type: a code from the shared contract, an HTTP status and, for 409s, the
// extra fields the wallet needs (the current item, the current key version). Messages are for
// people and never carry a token, an invite secret or a ciphertext.
import type { HubErrorCode, HubItem } from '#shared/hub-api.js';

const STATUS: Record<HubErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  member_removed: 401,
  invite_invalid: 403,
  forbidden: 403,
  member_pending: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  key_version_mismatch: 409,
  key_exists: 409,
  member_set_changed: 409,
  not_pending: 409,
  invite_used: 410,
  invite_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

export type HubErrorExtra =
  { current: HubItem | null } | { currentKeyVersion: number | null } | { retryAfterSeconds: number };

export class HubError extends Error {
  override readonly name = 'HubError';

  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly extra?: HubErrorExtra,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }

  toBody(): Record<string, unknown> {
    return { error: { code: this.code, message: this.message }, ...this.extra };
  }
}

export function conflict(
  current: HubItem | null,
  message = 'The item changed on the hub since you read it.',
) {
  return new HubError('conflict', message, { current });
}
