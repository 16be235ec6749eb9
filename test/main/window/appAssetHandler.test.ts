// Exercises the app:// handler against real files: the page is served with its CSP, and a secret
// placed beside the renderer folder is never served, whether asked for by path or through a symlink.
// Uses a fresh temporary folder per run; never touches out/.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppAssetHandler } from '#main/window/appAssetHandler.js';
import { CONTENT_SECURITY_POLICY } from '#main/window/policy.js';

describe('createAppAssetHandler', () => {
  let base: string;
  let serve: (request: Request) => Promise<Response>;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'aikey-app-protocol-'));
    const rendererRoot = join(base, 'renderer');
    mkdirSync(join(rendererRoot, 'assets'), { recursive: true });
    writeFileSync(join(rendererRoot, 'index.html'), '<!doctype html><title>AIKey Wallet</title>');
    writeFileSync(join(rendererRoot, 'assets', 'app.js'), 'console.log(1);');
    writeFileSync(join(base, 'vault-secret.txt'), 'sk-planted-secret');
    symlinkSync(join(base, 'vault-secret.txt'), join(rendererRoot, 'assets', 'link.js'));
    serve = createAppAssetHandler(rendererRoot);
  });

  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('serves the page with the CSP header and a matching content type', async () => {
    const response = await serve(new Request('app://aikey/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await response.text()).toContain('AIKey Wallet');
  });

  it.each([
    'app://aikey/..%2Fvault-secret.txt',
    'app://aikey/assets/..%2F..%2Fvault-secret.txt',
    'app://aikey/assets/link.js',
    'app://aikey/missing.js',
    'app://aikey/assets',
  ])('answers 404 and leaks nothing for %s', async (url) => {
    const response = await serve(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('sk-planted-secret');
  });

  it('refuses methods other than GET', async () => {
    const response = await serve(new Request('app://aikey/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });
});
