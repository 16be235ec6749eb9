// Vault state and master-password strength, as the desktop and the CLI report them.
import { z } from 'zod';

export const VaultStatusSchema = z.object({
  exists: z.boolean(),
  unlocked: z.boolean(),
  /** Whether "unlock with the OS keychain" is set up on this machine. */
  keychainUnlock: z.boolean(),
});

export const PasswordStrengthSchema = z.object({
  score: z.number().int().min(0).max(4),
  acceptable: z.boolean(),
  /** Why it is weak, in words a person can act on; null when it is fine. */
  feedback: z.string().nullable(),
});
export type VaultStatusReport = z.infer<typeof VaultStatusSchema>;
export type PasswordStrength = z.infer<typeof PasswordStrengthSchema>;
