// "Unlock with the OS keychain": whether it can be offered here and whether it is on.
import { z } from 'zod';

export const KeychainStatusSchema = z.object({
  /** The OS keychain can protect a key here (false on Linux's basic_text backend). */
  available: z.boolean(),
  enabled: z.boolean(),
  /** Why it is unavailable, shown to the user. */
  reason: z.string().nullable(),
});
export type KeychainStatus = z.infer<typeof KeychainStatusSchema>;
