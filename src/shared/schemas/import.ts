// What the desktop's Import screen and main say to each other: a scan's findings (masked: a key's
// value never crosses to the renderer), the scan's progress, the user's selection, and what the
// import did. The renderer names findings by the number main gave them and hubs by id; it never
// sends a path or a value. Pure: shared by main and the renderer.
import { z } from 'zod';
import { ProviderIdSchema } from './keys.js';

/**
 * What kind of place a key was found in, which decides what `--replace` may do with it: only an
 * env file can hold an aikey:// reference in the value's place (`aikey run --env-file` resolves it).
 * `environment` is `import --from-env` (the running shell's variables), `archive` an `aikey export`.
 */
export const SOURCE_KINDS = [
  'env-file',
  'shell-rc',
  'shell-history',
  'tool-config',
  'environment',
  'archive',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const ImportSourceSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  tool: z.string().max(200),
  /** Whether "Replace with references" can put an aikey:// reference in the value's place. */
  replaceable: z.boolean(),
  /** What to do by hand when it cannot. */
  advice: z.string().max(1000),
});

export const ImportFindingSchema = z.object({
  id: z.number().int().positive(),
  path: z.string().max(4096),
  line: z.number().int().positive(),
  provider: ProviderIdSchema,
  variable: z.string().max(200),
  label: z.string().max(200).nullable(),
  masked: z.string().max(200),
  /** Null when the vault is locked and cannot be asked. */
  alreadyInVault: z.boolean().nullable(),
  source: ImportSourceSchema,
});
export type ImportFinding = z.infer<typeof ImportFindingSchema>;

export const ImportScanInputSchema = z
  .object({
    /** `computer`: the home folder and every known tool's file; `file`: one file the user picks in main's dialog. */
    from: z.enum(['computer', 'file']),
  })
  .strict();

/**
 * A file dropped on the Import screen: its name and text. The renderer reads what the user dropped
 * and hands it over once; main scans a private copy (a dropped file has no path main can rewrite).
 */
export const ImportDroppedSchema = z
  .object({
    name: z.string().min(1).max(255),
    text: z.string().max(1_048_576, 'A dropped file must be at most 1 MiB.'),
  })
  .strict();

export const ImportScanSchema = z.object({
  /** `dismissed`: the file dialog was closed without a choice; `cancelled`: the user pressed Cancel. */
  outcome: z.enum(['done', 'cancelled', 'dismissed']),
  /** The chosen file, for `from: 'file'` (main's dialog chose it, so showing it back is safe). */
  file: z.string().max(4096).nullable(),
  findings: z.array(ImportFindingSchema).max(10_000),
});
export type ImportScan = z.infer<typeof ImportScanSchema>;

export const ImportProgressSchema = z
  .object({
    read: z.number().int().nonnegative(),
    of: z.number().int().nonnegative(),
    found: z.number().int().nonnegative(),
  })
  .strict();
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ImportRunInputSchema = z
  .object({
    /** Finding ids from the last scan. */
    select: z.array(z.number().int().positive()).min(1, 'Select at least one key.').max(10_000),
    hubId: z.string().min(1).max(64),
    /** Also put references in the place of the values, in the sources that can hold one. */
    replace: z.boolean(),
  })
  .strict();
export type ImportRunInput = z.infer<typeof ImportRunInputSchema>;

export const ImportItemSchema = z.object({
  findingId: z.number().int().positive(),
  provider: ProviderIdSchema,
  name: z.string().max(200),
  hub: z.string().max(200),
  masked: z.string().max(200),
  action: z.enum(['added', 'skipped', 'failed']),
  reason: z.enum(['already-in-vault', 'duplicate', 'changed-since-scan', 'needs-base-url']).nullable(),
  /** The key that already holds this value, for a skip: it may be in another hub. */
  existing: z.object({ hub: z.string().max(200), name: z.string().max(200) }).nullable(),
  reference: z.string().max(400).nullable(),
  error: z.string().max(1000).nullable(),
});
export type ImportItemView = z.infer<typeof ImportItemSchema>;

export const ImportResultSchema = z.object({
  hub: z.string().max(200),
  items: z.array(ImportItemSchema),
  summary: z.object({
    added: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
  /** Null unless references were asked for. */
  replace: z
    .object({
      rewritten: z.array(
        z.object({
          path: z.string().max(4096),
          backupPath: z.string().max(4096).nullable(),
          replaced: z.number().int().nonnegative(),
          missed: z.number().int().nonnegative(),
        }),
      ),
      manual: z.array(
        z.object({
          path: z.string().max(4096).nullable(),
          line: z.number().int().positive().nullable(),
          variable: z.string().max(200),
          tool: z.string().max(200),
          advice: z.string().max(1000),
        }),
      ),
    })
    .nullable(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
