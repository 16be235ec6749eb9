// The export archive that moves keys to another machine: `aikey export` writes it, `aikey import`
// reads it. Encrypted by default: passphrase -> Argon2id (parameters and salt in the archive, checked
// against the same floor and ceiling as the vault's) -> AES-256-GCM over the keys, with the
// archive's header as AAD, so a changed parameter, a flipped bit or a truncated body fails to open.
// A wrong passphrase and a tampered archive are the same failure: nothing tells them apart, and
// nothing is imported from either. A plaintext archive exists only when the caller asks for one.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AikeyError, isAikeyError } from '#shared/errors.js';
import { ProviderIdSchema } from '#shared/schemas/keys.js';
import { open, seal } from '../crypto/aead.js';
import { DEFAULT_KDF, deriveKeyEncryptionKey, KdfParamsSchema, type KdfParams } from '../crypto/kdf.js';
import { wipe } from '../crypto/subkeys.js';
import { estimateStrength, MIN_PASSWORD_LENGTH, MIN_SCORE } from '../vault/password-strength.js';

export const ArchivedKeySchema = z
  .object({
    hub: z.string().min(1).max(64),
    provider: ProviderIdSchema,
    name: z.string().min(1).max(64),
    secret: z.string().min(1).max(8192),
    notes: z.string().max(2000).nullable(),
    baseUrl: z.string().max(2048).nullable(),
    expiresAt: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type ArchivedKey = z.infer<typeof ArchivedKeySchema>;

const PayloadSchema = z
  .object({ exportedAt: z.number().int().nonnegative(), keys: z.array(ArchivedKeySchema).max(100_000) })
  .strict();
type Payload = z.infer<typeof PayloadSchema>;

const HeaderSchema = z.object({ format: z.literal('aikey-export'), version: z.literal(1) });

const EncryptedArchiveSchema = HeaderSchema.extend({
  encryption: z.literal('argon2id-aes-256-gcm'),
  kdf: KdfParamsSchema,
  sealed: z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'sealed must be base64'),
}).strict();

const PlaintextArchiveSchema = HeaderSchema.extend({
  encryption: z.literal('none'),
  payload: PayloadSchema,
}).strict();

const ArchiveSchema = z.discriminatedUnion('encryption', [EncryptedArchiveSchema, PlaintextArchiveSchema]);

/** The AAD: everything in the archive but the sealed body, in a fixed order. */
function archiveAad(kdf: KdfParams): Buffer {
  const { algorithm, memoryKiB, iterations, parallelism, salt } = kdf;
  return Buffer.from(
    `aikey/v1/export|${JSON.stringify({ format: 'aikey-export', version: 1, algorithm, memoryKiB, iterations, parallelism, salt })}`,
    'utf8',
  );
}

/** A passphrase strong enough to stand alone against offline guessing: the file may travel. */
export async function assertStrongPassphrase(passphrase: string): Promise<void> {
  if (passphrase.length < MIN_PASSWORD_LENGTH) {
    throw new AikeyError(
      'WeakPassword',
      `The export passphrase needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const report = await estimateStrength(passphrase);
  if (report.score < MIN_SCORE) {
    throw new AikeyError(
      'WeakPassword',
      `That export passphrase is too easy to guess${report.warning ? `: ${report.warning}` : '.'} Use a few unrelated words.`,
    );
  }
}

export async function sealArchive(
  keys: readonly ArchivedKey[],
  passphrase: string,
  options: { now: number; kdf?: { memoryKiB: number; iterations: number; parallelism: number } },
): Promise<string> {
  await assertStrongPassphrase(passphrase);
  const kdf: KdfParams = {
    algorithm: 'argon2id',
    ...(options.kdf ?? DEFAULT_KDF),
    salt: randomBytes(16).toString('base64'),
  };
  const payload: Payload = { exportedAt: options.now, keys: [...keys] };
  const key = await deriveKeyEncryptionKey(passphrase, kdf);
  const plaintext = Buffer.from(JSON.stringify(payload), 'utf8');
  try {
    const sealed = seal(key, plaintext, archiveAad(kdf)).toString('base64');
    return `${JSON.stringify({ format: 'aikey-export', version: 1, encryption: 'argon2id-aes-256-gcm', kdf, sealed }, null, 2)}\n`;
  } finally {
    wipe(key, plaintext);
  }
}

export function plaintextArchive(keys: readonly ArchivedKey[], now: number): string {
  const archive = {
    format: 'aikey-export',
    version: 1,
    encryption: 'none',
    payload: { exportedAt: now, keys },
  };
  return `${JSON.stringify(archive, null, 2)}\n`;
}

/** Whether a file's text is an aikey export archive (so `aikey import FILE` knows how to read it). */
export function isArchiveText(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    return HeaderSchema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

export function archiveIsEncrypted(text: string): boolean {
  try {
    return (JSON.parse(text) as { encryption?: unknown }).encryption !== 'none';
  } catch {
    return true;
  }
}

/** The keys in an archive. `passphrase` is asked for only when the archive is encrypted. */
export async function openArchive(text: string, passphrase: () => Promise<string>): Promise<ArchivedKey[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const result = ArchiveSchema.safeParse(parsed);
  if (!result.success) {
    throw new AikeyError('InvalidInput', 'That file is not an aikey export archive, or it is damaged.');
  }
  const archive = result.data;
  if (archive.encryption === 'none') return archive.payload.keys;
  const key = await deriveKeyEncryptionKey(await passphrase(), archive.kdf);
  let plaintext: Buffer;
  try {
    plaintext = open(key, Buffer.from(archive.sealed, 'base64'), archiveAad(archive.kdf), 'The archive');
  } catch (error) {
    if (!isAikeyError(error, 'VaultCorrupt')) throw error;
    throw new AikeyError(
      'WrongPassword',
      'That passphrase does not open this archive, or the archive was altered. Nothing was imported.',
    );
  } finally {
    wipe(key);
  }
  try {
    const payload = PayloadSchema.safeParse(JSON.parse(plaintext.toString('utf8')));
    if (!payload.success)
      throw new AikeyError('InvalidInput', 'The archive opened but its contents are not valid.');
    return payload.data.keys;
  } finally {
    wipe(plaintext);
  }
}
