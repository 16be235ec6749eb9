// The e2e harness: the real main-process stack (createDesktop: vault, keys, tokens, audit, settings,
// the loopback endpoint and the IPC router) in a fresh temporary data directory, behind one loopback
// HTTP server that serves the real renderer build with the app's CSP header and answers
// `POST /__ipc/<channel>` through router.invoke, with the request's origin as the sender origin.
// It stands in for Electron's app:// protocol and ipcMain only; it must never bypass the router,
// relax the CSP, or listen on anything but 127.0.0.1.
import type { BrokerCall } from '#core/tokens/call-log.js';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createDesktop, type Desktop, type KeychainBackend } from '#desktop/desktop.js';
import { createAppAssetHandler } from '#main/window/appAssetHandler.js';
import { APP_ORIGIN } from '#main/window/policy.js';
import type { KeyCreateInput } from '#shared/schemas/keys.js';
import type { SettingsPatch } from '#shared/schemas/settings.js';
import { recordingClipboard, type RecordingClipboard } from '../../helpers/recording-clipboard.js';
import { HarnessOptionsSchema, type HarnessOptions, type HarnessRequest } from './options.js';

export interface Harness {
  /** The page to open: the harness origin's index.html. */
  url: string;
  origin: string;
  dataDir: string;
  desktop: Desktop;
  /** The stand-in OS clipboard main copies secrets to (the harness has no real one). */
  clipboard: RecordingClipboard;
  /** Lets the test runner, and never the page, read the stand-in clipboard (GET /__test/clipboard). */
  testSecret: string;
  close(): Promise<void>;
}

const MAX_IPC_BODY = 1024 * 1024;

/**
 * Electron's safeStorage as it behaves on a Linux desktop without a keyring: "encryption" is
 * available but is plain text, so the wallet must refuse to offer keychain unlock and say why.
 */
export const BASIC_TEXT_KEYCHAIN: KeychainBackend = {
  isEncryptionAvailable: () => true,
  backend: () => 'basic_text',
  encrypt: (plain) => Buffer.from(plain),
  decrypt: (sealed) => Buffer.from(sealed),
};

/** Validation requests may reach the fake provider on loopback, and nothing else. */
const loopbackOnlyFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost' && url.hostname !== '[::1]') {
    return Promise.reject(new TypeError('fetch failed: the e2e harness reaches loopback only'));
  }
  return fetch(input, init);
};

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_IPC_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The page's origin as the browser states it; a Referer stands in when Origin is absent. */
function senderOrigin(req: IncomingMessage): string | null {
  if (typeof req.headers.origin === 'string') return req.headers.origin;
  if (typeof req.headers.referer !== 'string') return null;
  try {
    return new URL(req.headers.referer).origin;
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function answerIpc(desktop: Desktop, req: IncomingMessage, res: ServerResponse, channel: string) {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' }).end();
    return;
  }
  const raw = await readBody(req);
  let input: unknown;
  try {
    input = raw === null || raw === '' ? undefined : (JSON.parse(raw) as { input?: unknown }).input;
  } catch {
    sendJson(res, 200, {
      ok: false,
      error: { code: 'InvalidInput', message: 'The request body is not JSON.' },
    });
    return;
  }
  sendJson(res, 200, await desktop.router.invoke(channel, senderOrigin(req), input));
}

/**
 * The harness's stand-in for webContents.send: `POST /__events` from an allowed page origin stays
 * open and carries every pushed event as one JSON line ({event, payload}), the same objects
 * Electron would send. POST, so the browser states its Origin.
 */
function streamEvents(desktop: Desktop, allowedOrigin: string, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' }).end();
    return;
  }
  if (senderOrigin(req) !== allowedOrigin) {
    res.writeHead(403).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
  // Sent at once so the page knows the stream is open before any event arrives.
  res.write(`${JSON.stringify({ event: 'open' })}\n`);
  const unsubscribe = desktop.events.subscribe((event, payload) => {
    res.write(`${JSON.stringify({ event, payload })}\n`);
  });
  res.on('close', unsubscribe);
}

/** The stand-in clipboard for the test runner only: the page never learns the secret header. */
function answerClipboard(
  clipboard: RecordingClipboard,
  testSecret: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (req.method !== 'GET' || req.headers['x-aikey-harness'] !== testSecret) {
    res.writeHead(403).end();
    return;
  }
  sendJson(res, 200, { text: clipboard.text, formats: clipboard.formats });
}

async function serveAsset(serve: (request: Request) => Promise<Response>, path: string, res: ServerResponse) {
  // The same handler Electron's app:// protocol uses, so the page gets exactly the shipped headers.
  const response = await serve(new Request(`${APP_ORIGIN}${path}`));
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function seed(desktop: Desktop, options: HarnessOptions): Promise<void> {
  const { vault, keys } = desktop.wallet;
  if (options.vaultPassword === undefined) return;
  await vault.create(options.vaultPassword);
  const seeded = options.keys ?? [];
  if (options.generatedKeys > 0 || seeded.length > 0) {
    // One transaction: 10k keys one fsync apart would take minutes, and this is setup, not the test.
    desktop.wallet.vault.session().sqlite.transaction(() => {
      for (const key of seeded) keys.create(key);
      for (let i = 0; i < options.generatedKeys; i += 1) keys.create(generatedKey(i));
    })();
  }
  if (options.brokerCalls > 0)
    desktop.wallet.tokens.calls.record(brokerCalls(options.brokerCalls, Date.now()));
  if (options.damaged) {
    vault.lock();
    await vault.unlock(options.vaultPassword); // takes today's backup, with the seeded keys
    vault.lock();
    const bytes = readFileSync(vault.paths.database);
    bytes[2 * 4096 + 321] = bytes[2 * 4096 + 321]! ^ 0x01;
    writeFileSync(vault.paths.database, bytes);
  }
  if (options.locked) vault.lock();
}

/** Call i: one per hour back from now; even calls gpt-4o-mini by "ci", odd ones claude by "agent". */
function brokerCalls(count: number, now: number): BrokerCall[] {
  return Array.from({ length: count }, (_, i) => {
    const openai = i % 2 === 0;
    return {
      at: now - i * 3_600_000,
      tokenId: openai ? 'tok-ci' : 'tok-agent',
      tokenName: openai ? 'ci' : 'agent',
      sessionId: null,
      keyId: null,
      keyName: 'default',
      hubName: 'Personal',
      provider: openai ? 'openai' : 'anthropic',
      model: openai ? 'gpt-4o-mini' : 'claude-sonnet-4-5',
      method: 'POST',
      status: i % 10 === 9 ? 429 : 200,
      inputTokens: 100,
      outputTokens: 50,
      cachedInputTokens: 0,
      costUsd: openai ? 0.001 : 0.01,
      durationMs: 120,
      streamed: false,
    };
  });
}

const GENERATED_PROVIDERS = ['openai', 'anthropic', 'groq', 'mistral'] as const;

/** A deterministic, format-valid key for bulk seeding (benchmarks). */
export function generatedKey(i: number): KeyCreateInput {
  const provider = GENERATED_PROVIDERS[i % GENERATED_PROVIDERS.length]!;
  const digits = String(i).padStart(8, '0');
  const secret = {
    openai: `sk-proj-bench${digits}${'x'.repeat(24)}`,
    anthropic: `sk-ant-api03-bench${digits}${'y'.repeat(32)}`,
    groq: `gsk_bench${digits}${'z'.repeat(39)}`,
    mistral: `bench${digits}${'m'.repeat(19)}`,
  }[provider];
  return { provider, name: `service ${digits}`, secret, notes: i % 7 === 0 ? 'team shared' : undefined };
}

export async function startHarness(request: HarnessRequest): Promise<Harness> {
  const options = HarnessOptionsSchema.parse(request);
  const dataDir = mkdtempSync(join(tmpdir(), 'aikey-e2e-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const settings: SettingsPatch = { endpointPort: 0, ...options.settings };
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings), { mode: 0o600 });

  const serve = createAppAssetHandler(options.rendererRoot);
  const clipboard = recordingClipboard();
  const testSecret = randomBytes(16).toString('hex');
  let desktop: Desktop | null = null;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/__test/clipboard') {
      answerClipboard(clipboard, testSecret, req, res);
      return;
    }
    if (path === '/__events' && desktop !== null) {
      streamEvents(desktop, origin, req, res);
      return;
    }
    const work = path.startsWith('/__ipc/')
      ? desktop === null
        ? Promise.resolve(sendJson(res, 503, { error: 'starting' }))
        : answerIpc(desktop, req, res, decodeURIComponent(path.slice('/__ipc/'.length)))
      : req.method === 'GET'
        ? serveAsset(serve, path, res)
        : Promise.resolve(res.writeHead(405, { Allow: 'GET' }).end());
    work.catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const created = createDesktop({
    dataDir,
    kdf: KDF_FLOOR,
    keychain: BASIC_TEXT_KEYCHAIN,
    clipboard,
    // Linux's marker: the harness stands in for the app on this CI's platform.
    platform: 'linux',
    fetch: loopbackOnlyFetch,
    allowedOrigins: [origin],
    checkOutputs: options.checkOutputs,
    // A home of its own, so "Install the aikey command" writes into the test's folder.
    cliCommand: {
      platform: 'linux',
      homeDir: join(dataDir, 'home'),
      pathEnv: join(dataDir, 'home', '.local', 'bin'),
      launcher: join(process.cwd(), 'bin', 'aikey.mjs'),
    },
    // "Scan this computer" reads the same temporary home, where a test plants its files, and no
    // variable of the machine running the tests.
    importScan: { home: join(dataDir, 'home'), env: {} },
    // The stand-in for Electron's open dialog: it always "chooses" home/chosen/keys.env (the test
    // plants it, or not), as a user picking that file would.
    chooseImportFile: () => Promise.resolve(join(dataDir, 'home', 'chosen', 'keys.env')),
  });
  await seed(created, options);
  await created.start();
  desktop = created;

  return {
    url: `${origin}/index.html`,
    origin,
    dataDir,
    desktop: created,
    clipboard,
    testSecret,
    async close() {
      try {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await created.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
