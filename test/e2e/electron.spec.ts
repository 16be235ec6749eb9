// A smoke test of the real Electron glue: the built main process opens one window on app://aikey
// with the CSP header, a sandboxed page that has window.aikey (every contract domain) and no Node,
// the router answering through ipcMain, the endpoint started with the app and stopped on quit.
// Where the Electron runtime is absent (as on this project's CI machine) it skips and prints why.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { _electron as electron, expect, test } from '@playwright/test';
import { IPC_CHANNELS, splitChannel } from '#shared/ipc/channels.js';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
const MAIN_ENTRY = join(PROJECT_ROOT, 'out', 'main', 'index.js');

/** The Electron binary, found the way electron's own index.js does, without its install side effects. */
function electronBinary(): { path: string } | { missing: string } {
  const fromEnv = process.env['ELECTRON_EXEC_PATH'];
  if (fromEnv)
    return existsSync(fromEnv)
      ? { path: fromEnv }
      : { missing: `ELECTRON_EXEC_PATH ${fromEnv} does not exist` };
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing: `the Electron runtime is not installed (${pathFile} is missing: its binary download did not run)`,
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} is missing` };
}

/** The built app must load app://aikey, not a dev server a developer's shell may point at. */
function withoutDevServer(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[0] !== 'ELECTRON_RENDERER_URL' && entry[1] !== undefined,
    ),
  );
}

const DOMAINS = [...new Set(IPC_CHANNELS.map((channel) => splitChannel(channel)[0]))].sort();

type PageGlobals = { aikey?: Record<string, Record<string, unknown>>; require?: unknown };

test('the Electron shell serves app://aikey with its CSP and a closed window.aikey', async () => {
  const binary = electronBinary();
  if ('missing' in binary) {
    const reason = `Electron smoke test skipped: ${binary.missing}.`;
    console.log(reason);
    test.skip(true, reason);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'aikey-electron-'));
  // Port 0: never collide with a wallet the developer is running.
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ endpointPort: 0 }), { mode: 0o600 });
  const app = await electron.launch({
    executablePath: binary.path,
    args: [MAIN_ENTRY],
    env: withoutDevServer({ ...process.env, AIKEY_HOME: dataDir }),
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://aikey/index.html');

    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return {
        domains: Object.keys(g.aikey ?? {}).sort(),
        frozen: Object.isFrozen(g.aikey),
        requireType: typeof g.require,
        processType: typeof (globalThis as { process?: unknown }).process,
      };
    });
    expect(globals).toEqual({
      domains: DOMAINS,
      frozen: true,
      requireType: 'undefined',
      processType: 'undefined',
    });

    const csp = await page.evaluate(async () => {
      const response = await fetch('app://aikey/index.html');
      return response.headers.get('content-security-policy');
    });
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");

    const answers = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          aikey: { vault: { status(): Promise<unknown> }; endpoint: { status(): Promise<unknown> } };
        }
      ).aikey;
      return { vault: await api.vault.status(), endpoint: await api.endpoint.status() };
    });
    expect(answers.vault).toEqual({
      ok: true,
      value: { exists: false, unlocked: false, keychainUnlock: false },
    });
    expect(answers.endpoint).toMatchObject({ ok: true, value: { enabled: true, running: true } });
    expect(existsSync(join(dataDir, 'endpoint.json'))).toBe(true);
  } finally {
    await app.close();
  }
  expect(existsSync(join(dataDir, 'endpoint.json'))).toBe(false);
  rmSync(dataDir, { recursive: true, force: true });
});
