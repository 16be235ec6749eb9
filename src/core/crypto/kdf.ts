// Master password -> key-encryption key, with Argon2id. The parameters travel in the vault header so
// they can be raised later; parameters below OWASP's floor or large enough to hang the machine are
// refused before any hashing, since a tampered header must not turn unlock into a denial of service.
import { hashRaw } from '@node-rs/argon2';
import { z } from 'zod';
import { AikeyError } from '#shared/errors.js';

export const KdfParamsSchema = z.object({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.number().int(),
  iterations: z.number().int(),
  parallelism: z.number().int(),
  salt: z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'salt must be base64'),
});
export type KdfParams = z.infer<typeof KdfParamsSchema>;

/** Bitwarden's default. */
export const DEFAULT_KDF = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 } as const;
/** OWASP's floor for Argon2id. */
export const KDF_FLOOR = { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 } as const;
/** Beyond these, unlock takes minutes or exhausts memory: treat as hostile. */
export const KDF_CEILING = { memoryKiB: 4 * 1024 * 1024, iterations: 64, parallelism: 16 } as const;

export function assertSafeKdf(params: Omit<KdfParams, 'algorithm' | 'salt'> & { salt?: string }): void {
  const { memoryKiB, iterations, parallelism } = params;
  if (
    memoryKiB < KDF_FLOOR.memoryKiB ||
    iterations < KDF_FLOOR.iterations ||
    parallelism < KDF_FLOOR.parallelism
  ) {
    throw new AikeyError(
      'UnsafeKdfParams',
      `Argon2id parameters m=${memoryKiB} KiB, t=${iterations}, p=${parallelism} are below the floor ` +
        `(m=${KDF_FLOOR.memoryKiB} KiB, t=${KDF_FLOOR.iterations}, p=${KDF_FLOOR.parallelism}).`,
    );
  }
  if (
    memoryKiB > KDF_CEILING.memoryKiB ||
    iterations > KDF_CEILING.iterations ||
    parallelism > KDF_CEILING.parallelism
  ) {
    throw new AikeyError(
      'UnsafeKdfParams',
      `Argon2id parameters m=${memoryKiB} KiB, t=${iterations}, p=${parallelism} are unreasonably large ` +
        `(at most m=${KDF_CEILING.memoryKiB} KiB, t=${KDF_CEILING.iterations}, p=${KDF_CEILING.parallelism}).`,
    );
  }
  if (params.salt !== undefined && Buffer.from(params.salt, 'base64').length < 16) {
    throw new AikeyError('UnsafeKdfParams', 'The Argon2id salt must be at least 16 bytes.');
  }
}

export async function deriveKeyEncryptionKey(password: string, params: KdfParams): Promise<Buffer> {
  assertSafeKdf(params);
  return hashRaw(password.normalize('NFC'), {
    algorithm: 2, // Argon2id
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: 32,
    salt: Buffer.from(params.salt, 'base64'),
  });
}
