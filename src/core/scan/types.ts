// The scanner's vocabulary. A Candidate holds a plaintext value and never leaves src/core except
// into the key store; a Finding is what anyone may see: where, whose, and a masked form.
import { z } from 'zod';
import { PROVIDER_IDS, type ProviderId } from '#shared/providers.js';

import type { SourceKind } from '#shared/schemas/import.js';

export { SOURCE_KINDS, type SourceKind } from '#shared/schemas/import.js';

/** One value a parser pulled out of a file, before detection decided whose it is. */
export interface RawSecret {
  /** 1-based line of the value in the file. */
  line: number;
  /** The environment variable or the field that holds it (OPENAI_API_KEY, clients[0].api_key). */
  variable: string;
  value: string;
  /** The tool's own name for the key (an llm alias, a Continue model title), when it has one. */
  label: string | null;
  /** A provider the file itself names beside the value (a `provider:` or `type:` field). */
  providerHint: ProviderId | null;
}

/** A value detection accepted as some provider's key. Holds the plaintext: core only. */
export interface Candidate extends Omit<RawSecret, 'providerHint'> {
  path: string;
  location: string;
  provider: ProviderId;
  /** The base URL the same file sets for this provider (AZURE_OPENAI_ENDPOINT, OPENAI_BASE_URL). */
  baseUrl: string | null;
}

export interface SourceInfo {
  kind: SourceKind;
  /** The location's id in the table (dotenv, bash-history, llm, …). */
  location: string;
  tool: string;
  /** Whether `import --replace` can put a reference in the value's place. */
  replaceable: boolean;
  /** What to do by hand when it cannot. */
  advice: string;
}

/** What a scan reports: never the value. */
export interface Finding {
  /** 1-based, stable within one scan: what `import --from-scan --select` names. */
  id: number;
  path: string;
  line: number;
  provider: ProviderId;
  variable: string;
  label: string | null;
  masked: string;
  /** Whether this exact value is already in the vault; null when there is no vault to ask. */
  alreadyInVault: boolean | null;
  source: SourceInfo;
}

/** The last scan, saved for `import --from-scan`: where each key is, never its value. */
export const SavedScanSchema = z
  .object({
    format: z.literal('aikey-scan'),
    version: z.literal(1),
    scannedAt: z.number().int().nonnegative(),
    findings: z
      .array(
        z
          .object({
            id: z.number().int().positive(),
            path: z.string().min(1),
            line: z.number().int().positive(),
            variable: z.string().min(1).max(200),
            provider: z.enum(PROVIDER_IDS),
            location: z.string().min(1).max(64),
          })
          .strict(),
      )
      .max(10_000),
  })
  .strict();
export type SavedScan = z.infer<typeof SavedScanSchema>;
