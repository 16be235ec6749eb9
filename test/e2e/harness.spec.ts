// The harness must stand in for Electron without weakening anything: it forwards the page's origin to
// the router (so another origin is refused as under Electron) and serves the page with the app's CSP.
import { CONTENT_SECURITY_POLICY } from '#main/window/policy.js';
import { expect, test } from './fixtures.js';

test('another origin cannot call the wallet, and the page carries the app CSP', async ({ harness }) => {
  const call = (origin: string | null) =>
    fetch(`${harness.origin}/__ipc/vault%3Astatus`, {
      method: 'POST',
      headers: origin === null ? {} : { Origin: origin },
      body: '{}',
    }).then((r) => r.json() as Promise<{ ok: boolean; error?: { code: string } }>);
  expect(await call(harness.origin)).toMatchObject({ ok: true });
  expect(await call('http://evil.example')).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
  expect(await call('null')).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
  expect(await call(null)).toMatchObject({ ok: false, error: { code: 'Forbidden' } });

  const page = await fetch(harness.url);
  expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
});
