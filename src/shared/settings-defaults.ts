// The settings' default values as a plain constant, apart from their zod schema, so the renderer can
// fall back to them without bundling zod (it is only ever handed settings main already checked).
// schemas/settings.ts builds its defaults from this object; never define a default anywhere else.
export const DEFAULT_ENDPOINT_PORT = 47821;

/** Typed by inference: naming the schema's Settings type here would make the two files circular. */
export const DEFAULT_SETTINGS = {
  autoLockMinutes: 15,
  lockOnSuspend: true,
  clipboardClearSeconds: 30,
  revealSeconds: 20,
  endpointEnabled: true,
  endpointPort: DEFAULT_ENDPOINT_PORT,
  startAtLogin: false,
  startHidden: false,
  notifyKeyExpiry: true,
  expiryWarningDays: 7,
  rotationReminderDays: 0,
  notifyTokenUse: true,
  notifyHubTampering: true,
  /** None: the built-in price table alone. */
  priceOverrides: {},
};
