// endpoint.json tells local CLIs where the running wallet listens: url, pid and version, mode 0600,
// removed on clean exit. It is also how a second wallet process learns that one is already serving.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../vault/files.js';

export const DiscoverySchema = z.object({
  url: z.string().url(),
  pid: z.number().int().positive(),
  version: z.string(),
});
export type Discovery = z.infer<typeof DiscoverySchema>;

export function discoveryFile(dataDir: string): string {
  return join(dataDir, 'endpoint.json');
}

export function readDiscovery(dataDir: string): Discovery | null {
  try {
    return DiscoverySchema.parse(JSON.parse(readFileSync(discoveryFile(dataDir), 'utf8')));
  } catch {
    return null;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The other live wallet process that published an endpoint here, if any. */
export function liveOtherEndpoint(dataDir: string): Discovery | null {
  const found = readDiscovery(dataDir);
  return found && found.pid !== process.pid && isProcessAlive(found.pid) ? found : null;
}

export function writeDiscovery(dataDir: string, discovery: Discovery): void {
  writeFileDurably(discoveryFile(dataDir), `${JSON.stringify(discovery)}\n`);
}

/** Removes endpoint.json only if it still names this process. */
export function removeDiscovery(dataDir: string): void {
  if (readDiscovery(dataDir)?.pid === process.pid) rmSync(discoveryFile(dataDir), { force: true });
}
