// The shape of a parsed aikey:// reference, for every boundary that takes one as data (IPC, import
// plans). The parser in ../key-reference.ts imports only the type, so the fetch commands that parse
// references (exec, run) do not load zod at start-up.
import { z } from 'zod';
import { PROVIDER_IDS } from '../providers.js';

/** Hub and key names in a reference: non-empty, no control characters, at most 128 characters. */
export const REFERENCE_PART = /^[^\p{Cc}]{1,128}$/u;

export const KeyReferenceSchema = z
  .object({
    /** A hub name or id; null when the reference names none (the token's hubs, Personal first). */
    hub: z.string().regex(REFERENCE_PART).nullable(),
    provider: z.enum(PROVIDER_IDS),
    name: z.string().regex(REFERENCE_PART),
  })
  .strict();

export type KeyReference = z.infer<typeof KeyReferenceSchema>;
