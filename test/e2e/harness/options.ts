// What a test may ask of its harness, parsed with zod because it crosses a process boundary (the
// Playwright worker writes it to the harness's stdin). Setup shortcuts only: a vault that already
// exists, a few keys, some settings. Never a way around the router for the behaviour under test.
import { z } from 'zod';
import { KeyCreateSchema } from '#shared/schemas/keys.js';
import { SettingsPatchSchema } from '#shared/schemas/settings.js';

export const HarnessOptionsSchema = z
  .object({
    /** The built renderer folder (out/renderer). */
    rendererRoot: z.string().min(1),
    /** Create the vault with this password before the page opens; absent means first run. */
    vaultPassword: z.string().min(1).optional(),
    /** Lock the pre-created vault, so the page opens on the unlock screen. */
    locked: z.boolean().default(false),
    /** Take today's backup, lock, then flip one byte of the database: the page opens on a damaged vault. */
    damaged: z.boolean().default(false),
    /** Keys to add to the pre-created vault. */
    keys: z.array(KeyCreateSchema).optional(),
    /** How many generated keys to add (benchmarks). */
    generatedKeys: z.number().int().min(0).max(100_000).default(0),
    /** Calls the broker "forwarded" over the last days (the Usage screen): two models, two tokens. */
    brokerCalls: z.number().int().min(0).max(10_000).default(0),
    /** Settings written before start; endpointPort defaults to 0 (a free port). */
    settings: SettingsPatchSchema.optional(),
    /** Check every IPC answer against the contract's output schema (on for tests). */
    checkOutputs: z.boolean().default(true),
  })
  .strict();

export type HarnessOptions = z.output<typeof HarnessOptionsSchema>;
export type HarnessRequest = z.input<typeof HarnessOptionsSchema>;

/**
 * What a test may tell a running harness on later stdin lines: the OS events Electron's powerMonitor
 * would forward (index.ts calls desktop.systemSuspended()). Never a shortcut around the router.
 */
export const HarnessCommandSchema = z.object({ command: z.enum(['suspend']) }).strict();
export type HarnessCommand = z.infer<typeof HarnessCommandSchema>;
