// The window's security decisions as pure functions: which app:// URL maps to which file, which links
// may leave the app for the OS browser, which permissions a page gets, and the content security policy. This file must never import
// electron, so every decision here is unit tested in plain Node rather than trusted on sight.
import { extname, isAbsolute, join, relative, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'aikey';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const CSP_DIRECTIVES: ReadonlyArray<readonly [name: string, sources: string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

const serializePolicy = (directives: typeof CSP_DIRECTIVES): string =>
  directives.map(([name, sources]) => `${name} ${sources}`).join('; ');

/** Sent as a header with every app:// response. */
export const CONTENT_SECURITY_POLICY = serializePolicy(CSP_DIRECTIVES);

/** The same policy for the page's meta tag; browsers ignore frame-ancestors there (and warn). */
export const META_CONTENT_SECURITY_POLICY = serializePolicy(
  CSP_DIRECTIVES.filter(([name]) => name !== 'frame-ancestors'),
);

/**
 * The file under rendererRoot that an app:// request names, or null when the request is not for
 * app://aikey or its path would leave rendererRoot (`..`, encoded separators, NUL bytes).
 */
export function resolveAppAssetPath(rendererRoot: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';

  const candidate = join(rendererRoot, pathname);
  const inside = relative(rendererRoot, candidate);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return candidate;
}

/** The https origins of allowed external links; throws on anything else, since the list is ours. */
export function externalOrigins(urls: readonly string[]): ReadonlySet<string> {
  return new Set(
    urls.map((raw) => {
      const url = new URL(raw);
      if (url.protocol !== 'https:') throw new Error(`External link origins must be https: ${url.origin}`);
      return url.origin;
    }),
  );
}

/**
 * The normalized URL to hand to the OS browser, or null when the link must not leave the app: not
 * https, carrying credentials, or on an origin outside the allow-list.
 */
export function externalLinkTarget(rawUrl: string, allowedOrigins: ReadonlySet<string>): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return null;
  return allowedOrigins.has(url.origin) ? url.href : null;
}

/**
 * The only permissions a page may have: writing to the clipboard (Copy) and reading it (a copied
 * key is cleared later only if the clipboard still holds it). Camera, notifications, geolocation and
 * every other permission stay denied.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'clipboard-sanitized-write',
  'clipboard-read',
]);

/** True only for the app's own page: app://aikey, with no port or credentials. */
function isAppPage(urlOrOrigin: string): boolean {
  let url: URL;
  try {
    url = new URL(urlOrOrigin);
  } catch {
    return false;
  }
  // Compared by parts: WHATWG URL gives a non-special scheme's `origin` as "null".
  return (
    url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === ''
  );
}

/**
 * Whether Electron may grant `permission` to a page at `urlOrOrigin` (a permission request's
 * requesting URL, or a permission check's requesting origin). Default deny.
 */
export function permissionAllowed(permission: string, urlOrOrigin: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && urlOrOrigin !== undefined && isAppPage(urlOrOrigin);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
