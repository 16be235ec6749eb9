// The wallet's settings: plain preferences, never a secret, so they live beside the vault in
// settings.json and are readable while it is locked (auto-lock and the endpoint need them before any
// unlock). Every field has a default, so an old or partial file still loads.
import { z } from 'zod';
import { PROVIDER_IDS } from '../providers.js';
import { DEFAULT_SETTINGS } from '../settings-defaults.js';

export { DEFAULT_ENDPOINT_PORT, DEFAULT_SETTINGS } from '../settings-defaults.js';

const fields = {
  /** Lock after this many idle minutes; 0 never locks on idle. */
  autoLockMinutes: z.number().int().min(0).max(1440),
  /** Lock when the machine suspends or the screen locks. */
  lockOnSuspend: z.boolean(),
  /** Clear a copied key from the clipboard after this many seconds, if it is still there. */
  clipboardClearSeconds: z.number().int().min(5).max(600),
  /** Hide a revealed key again after this many seconds. */
  revealSeconds: z.number().int().min(5).max(300),
  endpointEnabled: z.boolean(),
  /** Open the app when the user logs in (login item; the XDG autostart entry on Linux). */
  startAtLogin: z.boolean(),
  /** Start in the tray, without the window (only where a tray icon exists). */
  startHidden: z.boolean(),
  /** A system notification when a key expires within expiryWarningDays, and on the day. */
  notifyKeyExpiry: z.boolean(),
  expiryWarningDays: z.number().int().min(1).max(90),
  /** Remind when a key was not rotated for this many days; 0 = no reminders. */
  rotationReminderDays: z.number().int().min(0).max(3650),
  /** A notification when a token is used for the first time, or from a new program. */
  notifyTokenUse: z.boolean(),
  /** A notification when a team hub sends altered or rolled-back data. */
  notifyHubTampering: z.boolean(),
  /**
   * The user's prices for the broker's spend caps and usage, in US dollars per million tokens, per
   * provider; they come before the built-in table (src/shared/prices.ts), so a fine-tune or a
   * negotiated price is costed right. Edited in settings.json; the desktop applies a change at once,
   * `aikey serve` when it starts.
   */
  priceOverrides: z.partialRecord(
    z.enum(PROVIDER_IDS),
    z
      .array(
        z
          .object({
            pattern: z
              .string()
              .min(1)
              .max(200)
              .regex(/^[A-Za-z0-9._:/@*-]+$/),
            input: z.number().min(0).max(10_000),
            output: z.number().min(0).max(10_000),
            cachedInput: z.number().min(0).max(10_000),
          })
          .strict(),
      )
      .max(200),
  ),
  /** 0 picks a free port at every start. */
  endpointPort: z
    .number()
    .int()
    .refine((p) => p === 0 || (p >= 1024 && p <= 65535), 'The port must be 0 or between 1024 and 65535.'),
};

export const SettingsSchema = z
  .object({
    autoLockMinutes: fields.autoLockMinutes.default(DEFAULT_SETTINGS.autoLockMinutes),
    lockOnSuspend: fields.lockOnSuspend.default(DEFAULT_SETTINGS.lockOnSuspend),
    clipboardClearSeconds: fields.clipboardClearSeconds.default(DEFAULT_SETTINGS.clipboardClearSeconds),
    revealSeconds: fields.revealSeconds.default(DEFAULT_SETTINGS.revealSeconds),
    endpointEnabled: fields.endpointEnabled.default(DEFAULT_SETTINGS.endpointEnabled),
    endpointPort: fields.endpointPort.default(DEFAULT_SETTINGS.endpointPort),
    startAtLogin: fields.startAtLogin.default(DEFAULT_SETTINGS.startAtLogin),
    startHidden: fields.startHidden.default(DEFAULT_SETTINGS.startHidden),
    notifyKeyExpiry: fields.notifyKeyExpiry.default(DEFAULT_SETTINGS.notifyKeyExpiry),
    expiryWarningDays: fields.expiryWarningDays.default(DEFAULT_SETTINGS.expiryWarningDays),
    rotationReminderDays: fields.rotationReminderDays.default(DEFAULT_SETTINGS.rotationReminderDays),
    notifyTokenUse: fields.notifyTokenUse.default(DEFAULT_SETTINGS.notifyTokenUse),
    notifyHubTampering: fields.notifyHubTampering.default(DEFAULT_SETTINGS.notifyHubTampering),
    priceOverrides: fields.priceOverrides.default(DEFAULT_SETTINGS.priceOverrides),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

/** A change to some settings; the rest keep their values. */
export const SettingsPatchSchema = z.object(fields).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
