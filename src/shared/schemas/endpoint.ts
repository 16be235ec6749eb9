// The loopback endpoint's state as the desktop's settings screen shows it.
import { z } from 'zod';

export const EndpointStatusSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  url: z.string().nullable(),
  port: z.number().int().nullable(),
  /** Why it is not running although enabled (for example, the port is taken). */
  error: z.string().nullable(),
});
export type EndpointStatus = z.infer<typeof EndpointStatusSchema>;
