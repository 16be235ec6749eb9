// Proves the window's pure security decisions: app:// never reaches outside the renderer folder, only
// allow-listed https links leave the app, only the app's page gets the clipboard and nothing else,
// and the page's meta CSP cannot drift from the header.
// These run in plain Node; nothing here may need a running Electron.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  contentTypeFor,
  externalLinkTarget,
  externalOrigins,
  permissionAllowed,
  resolveAppAssetPath,
} from '#main/window/policy.js';

const root = join('/opt', 'aikey', 'out', 'renderer');

describe('resolveAppAssetPath', () => {
  it('maps app://aikey paths to files inside the renderer folder', () => {
    expect(resolveAppAssetPath(root, 'app://aikey/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppAssetPath(root, 'app://aikey/assets/index-abc.js')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppAssetPath(root, 'app://aikey/')).toBe(join(root, 'index.html'));
    expect(resolveAppAssetPath(root, 'app://aikey/assets/my%20font.woff2')).toBe(
      join(root, 'assets', 'my font.woff2'),
    );
  });

  it.each([
    'app://aikey/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://aikey/assets/..%2F..%2Fsecret',
    'app://aikey/..%5C..%5Cwindows%5Cwin.ini',
    'app://aikey/index.html%00.png',
    'app://aikey/%E0%A4%A',
  ])('refuses traversal and malformed paths: %s', (url) => {
    expect(resolveAppAssetPath(root, url)).toBeNull();
  });

  it('keeps dot segments the URL parser collapses inside the root', () => {
    expect(resolveAppAssetPath(root, 'app://aikey/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppAssetPath(root, 'app://aikey/%2e%2e/%2e%2e/etc/passwd')).toBe(
      join(root, 'etc', 'passwd'),
    );
    expect(resolveAppAssetPath(root, 'app://aikey/..')).toBe(join(root, 'index.html'));
  });

  it.each(['app://evil/index.html', 'file:///etc/passwd', 'https://aikey/index.html', 'not a url'])(
    'refuses anything but app://aikey: %s',
    (url) => {
      expect(resolveAppAssetPath(root, url)).toBeNull();
    },
  );
});

describe('externalLinkTarget', () => {
  const allowed = externalOrigins(['https://platform.openai.com/api-keys', 'https://console.anthropic.com']);

  it('opens https links on an allow-listed origin, normalized', () => {
    expect(externalLinkTarget('https://platform.openai.com/api-keys', allowed)).toBe(
      'https://platform.openai.com/api-keys',
    );
    expect(externalLinkTarget('HTTPS://Console.Anthropic.com/settings/keys', allowed)).toBe(
      'https://console.anthropic.com/settings/keys',
    );
  });

  it.each([
    'http://platform.openai.com/api-keys',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://platform.openai.com/share',
    'ms-settings:',
  ])('refuses non-https links: %s', (url) => {
    expect(externalLinkTarget(url, allowed)).toBeNull();
  });

  it.each([
    'https://evil.example/api-keys',
    'https://platform.openai.com.evil.example/',
    'https://platform.openai.com:8443/',
    'https://openai.com/',
  ])('refuses unknown origins: %s', (url) => {
    expect(externalLinkTarget(url, allowed)).toBeNull();
  });

  it('refuses links carrying credentials and strings that are not URLs', () => {
    expect(externalLinkTarget('https://user:pass@platform.openai.com/', allowed)).toBeNull();
    expect(externalLinkTarget('platform.openai.com', allowed)).toBeNull();
  });

  it('refuses to build an allow-list with a non-https origin', () => {
    expect(() => externalOrigins(['http://example.com'])).toThrow(/https/);
  });
});

describe('content security policy', () => {
  it('allows scripts only from the app itself and forbids plugins, base rewrites and framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('is the policy in the renderer page meta tag, less the header-only frame-ancestors', () => {
    const html = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
  });
});

describe('contentTypeFor', () => {
  it('names the types the renderer build emits and falls back to an opaque type', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/assets/index.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('permissionAllowed', () => {
  it('lets the app page write and read the clipboard, so Copy and the clipboard clear work', () => {
    for (const permission of ['clipboard-sanitized-write', 'clipboard-read']) {
      expect(permissionAllowed(permission, 'app://aikey/index.html')).toBe(true);
      expect(permissionAllowed(permission, 'app://aikey')).toBe(true);
    }
  });

  it.each([
    'media',
    'notifications',
    'geolocation',
    'openExternal',
    'deprecated-sync-clipboard-read',
    'unknown',
  ])('denies %s even to the app page', (permission) => {
    expect(permissionAllowed(permission, 'app://aikey/index.html')).toBe(false);
  });

  it.each([
    'https://aikey/index.html',
    'app://aikey.example.com/',
    'app://evil/index.html',
    'app://aikey@evil/',
    'app://user:pw@aikey/',
    'file:///opt/aikey/index.html',
    'http://127.0.0.1:5173/',
    'null',
    '',
    undefined,
  ])('denies the clipboard to any other page (%s)', (origin) => {
    expect(permissionAllowed('clipboard-read', origin)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', origin)).toBe(false);
  });
});
