// Serves the built renderer for the app:// scheme. It uses only the web Request/Response types and
// node:fs, so it runs (and is tested) in plain Node. It must never answer with a file outside the
// renderer folder, whether reached by `..`, an encoded separator or a symlink.
import { readFile, realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveAppAssetPath } from './policy.js';

const notFound = (): Response =>
  new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

async function isInside(rendererRoot: string, filePath: string): Promise<boolean> {
  const [root, file] = await Promise.all([realpath(rendererRoot), realpath(filePath)]);
  return file.startsWith(root + sep);
}

export function createAppAssetHandler(rendererRoot: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET') return new Response(null, { status: 405, headers: { Allow: 'GET' } });
    const filePath = resolveAppAssetPath(rendererRoot, request.url);
    if (filePath === null) return notFound();
    try {
      if (!(await isInside(rendererRoot, filePath))) return notFound();
      const body = await readFile(filePath);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': contentTypeFor(filePath),
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        },
      });
    } catch {
      return notFound();
    }
  };
}
