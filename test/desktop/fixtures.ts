// Shared pieces for the desktop tests: a desktop over a fresh temporary data directory (Argon2id at
// the floor, the endpoint off unless a test turns it on, so no test grabs the real port 47821), a
// fake OS keychain that really encrypts, and free loopback ports.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createDesktop, type Desktop, type DesktopOptions, type KeychainBackend } from '#desktop/desktop.js';
import { unwrapResult } from '#desktop/ipc/router.js';
import type { IpcChannel } from '#shared/ipc/channels.js';
import type { IpcInput, IpcOutput } from '#shared/ipc/contract.js';
import type { Settings } from '#shared/schemas/settings.js';
import { recordingClipboard } from '../helpers/recording-clipboard.js';
import { tempDir } from '../helpers/temp-wallet.js';

export const APP_ORIGIN = 'app://aikey';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

/** AES-256-GCM under a per-instance test key: a keychain that protects what it is given. */
export function fakeKeychain(backend = 'gnome_libsecret', available = true): KeychainBackend {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    backend: () => backend,
    encrypt(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([nonce, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}

export interface TestDesktop extends Desktop {
  dataDir: string;
  call<C extends IpcChannel>(
    channel: C,
    ...input: IpcInput<C> extends undefined ? [] : [IpcInput<C>]
  ): Promise<IpcOutput<C>>;
}

/** A desktop whose settings.json starts with `settings` (the endpoint off by default). */
export function newDesktop(
  options: Partial<DesktopOptions> & { settings?: Partial<Settings> } = {},
): TestDesktop {
  const { settings, ...rest } = options;
  const root = tempDir('aikey-desktop-');
  const dataDir = rest.dataDir ?? join(root, 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ endpointEnabled: false, endpointPort: 0, ...settings }),
    { mode: 0o600 },
  );
  const desktop = createDesktop({
    kdf: KDF_FLOOR,
    keychain: fakeKeychain(),
    clipboard: recordingClipboard(),
    allowedOrigins: [APP_ORIGIN],
    checkOutputs: true,
    // "Scan this computer" reads an empty home of its own, never the real one.
    importScan: { home: join(root, 'home'), env: {} },
    ...rest,
    dataDir,
  });
  closers.push(() => desktop.close());
  return {
    ...desktop,
    dataDir,
    call: async (channel, ...input) =>
      unwrapResult(await desktop.router.invoke(channel, APP_ORIGIN, input[0])) as never,
  };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = await holdPort(0);
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Another program listening on 127.0.0.1:port until the test ends. */
export async function holdPort(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve());
  });
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return server;
}
