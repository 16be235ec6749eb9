// "Install the aikey command" (Settings): where the app puts the command, and whether a shell finds
// it there. Paths are shown to the user; the renderer never sends one.
import { z } from 'zod';

export const CliCommandStatusSchema = z
  .object({
    /** The app carries a CLI to point at (false in a build without it). */
    available: z.boolean(),
    /** The file this app writes: ~/.local/bin/aikey, or aikey.cmd under %LOCALAPPDATA% on Windows. */
    path: z.string(),
    /** That file exists and this app wrote it. */
    installed: z.boolean(),
    /** Its folder is on the PATH the app was started with. */
    onPath: z.boolean(),
    /** Something else already sits at that path (never replaced); what to do instead. */
    conflict: z.string().nullable(),
  })
  .strict();

export type CliCommandStatus = z.infer<typeof CliCommandStatusSchema>;
