// The shape of a parsed aikey:// reference, for every boundary that takes one as data (IPC, import
// plans). The parser in ../key-reference.ts imports only the type, so the fetch commands that parse
// references (exec, run) do not load zod at start-up.
import { z } from 'zod';
import { REFERENCE_PART } from '../key-reference.js';
import { PROVIDER_IDS } from '../providers.js';

export const KeyReferenceSchema = z
  .object({
    /** A hub name or id; null when the reference names none (the token's hubs, Personal first). */
    hub: z.string().regex(REFERENCE_PART).nullable(),
    provider: z.enum(PROVIDER_IDS),
    name: z.string().regex(REFERENCE_PART),
  })
  .strict();

export type KeyReference = z.infer<typeof KeyReferenceSchema>;
