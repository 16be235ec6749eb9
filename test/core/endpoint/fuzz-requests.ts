// The requests the endpoint fuzz test sends, as fast-check arbitraries: targets on every route and
// mutations of them, methods, Host choices, Authorization forms and extra headers, assembled into
// one raw HTTP/1.1 request whose expected guard outcome is known.
import fc from 'fast-check';
import { PROVIDER_IDS } from '#shared/providers.js';

const noLineBreaks = (s: string) => s.replace(/[\r\n]/g, '');

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('v1', 'api', 'keys', 'provider', 'env', 'whoami', 'health') },
  { weight: 4, arbitrary: fc.constantFrom(...PROVIDER_IDS, 'ANTHROPIC', 'Google', 'nope') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '',
      '%00',
      '%2e%2e',
      '%2F',
      '%',
      '%E0',
      '%zz',
      '%25',
      '%C0%AF',
      '[',
      '@',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map(noLineBreaks) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 8_300 }).map((n) => 'a'.repeat(n)) },
);
const queryValue = fc.oneof(
  fc.constantFrom(
    'anthropic,google',
    'custom',
    ',,,',
    '%20,anthropic',
    'google,groq',
    '%',
    '%E0',
    '%25E0',
    'Personal',
    'default',
  ),
  fc.constantFrom('work', 'ANTHROPIC,%20google', 'a'.repeat(3_000), '%00', '..%2F..'),
  fc.constantFrom(
    'groq:work',
    'groq:work@Personal',
    'anthropic@',
    ':@',
    'google:default@@',
    '@%40',
    'custom:',
    'aikey://groq',
    'aikey://Personal/groq/work',
    'aikey://a/groq/b/c',
    'aikey://custom/%2525',
  ),
  fc.string({ unit: 'grapheme', maxLength: 16 }).map(encodeURIComponent),
  fc.string({ maxLength: 16 }).map((s) => noLineBreaks(s).replace(/ /g, '+')),
);
const query = fc.option(
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'name',
          'name',
          'hub',
          'providers',
          'providers',
          'key',
          'key',
          'ref',
          'ref',
          'token',
          'x',
          '',
          'name[]',
        ),
        queryValue,
      ),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: '' },
);
/** Served routes, so that most fuzzed requests get past the router into the key-serving code. */
const ROUTES = [
  '/health',
  '/v1/whoami',
  '/v1/keys',
  '/v1/keys/anthropic',
  '/v1/keys/groq',
  '/v1/env',
  '/v1/resolve',
  '/api/keys',
  '/api/keys/provider/google',
];
const route = fc.constantFrom(...ROUTES);
const mutatedRoute = fc
  .tuple(route, fc.nat(), segment, fc.constantFrom('replace', 'insert', 'append', 'encode', 'upper'))
  .map(([path, at, fuzz, how]) => {
    const parts = path.split('/');
    const i = 1 + (at % (parts.length - 1));
    if (how === 'replace') parts[i] = fuzz;
    if (how === 'insert') parts.splice(i, 0, fuzz);
    if (how === 'append') parts.push(fuzz);
    if (how === 'encode')
      parts[i] = [...(parts[i] ?? '')].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    if (how === 'upper') parts[i] = parts[i]?.toUpperCase() ?? '';
    return parts.join('/');
  });
const randomPath = fc
  .tuple(
    fc.constantFrom('/', '//', '/v1/', '/v1/keys/', '/api/keys/provider/', '/health/', 'http://127.0.0.1/'),
    fc.array(segment, { maxLength: 5 }),
  )
  .map(([prefix, segments]) => `${prefix}${segments.join('/')}`);
export const target = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: route }, mutatedRoute, randomPath), query)
  .map(([path, q]) => `${path}${q}`);

export type AuthChoice =
  { kind: 'none' } | { kind: 'valid'; format: (t: string) => string } | { kind: 'bad'; value: string };
export const authorization: fc.Arbitrary<AuthChoice> = fc.oneof(
  fc.constant({ kind: 'none' } as const),
  fc
    .constantFrom(
      (t: string) => `Bearer ${t}`,
      (t: string) => `bearer   ${t}  `,
      (t: string) => `BEARER ${t}`,
    )
    .map((format) => ({ kind: 'valid', format }) as const),
  fc
    .oneof(
      fc.constantFrom('Bearer', 'Bearer ', 'Basic YTpi', 'Bearer aik_', 'Bearer aik__', 'Bearer \u0000'),
      fc.string({ maxLength: 60 }).map((s) => `Bearer ${noLineBreaks(s)}`),
      fc.string({ maxLength: 60 }).map(noLineBreaks),
      fc.stringMatching(/^aik_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$/).map((s) => `Bearer ${s}`),
      fc.integer({ min: 1_000, max: 7_000 }).map((n) => `Bearer ${'x'.repeat(n)}`),
    )
    .map((value) => ({ kind: 'bad', value }) as const),
);
export const hostChoice = fc.constantFrom(
  'valid',
  'localhost',
  'ipv6',
  'upper',
  'foreign',
  'otherPort',
  'bare',
  'empty',
  'none',
);
export const method = fc.constantFrom(
  'GET',
  'GET',
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
);
export const extraHeader = fc.tuple(
  fc.constantFrom(
    'Origin',
    'Content-Length',
    'Transfer-Encoding',
    'X-Forwarded-Host',
    'Cookie',
    'Accept',
    'User-Agent',
  ),
  fc.oneof(
    fc.constantFrom('null', '0', '5', '-1', 'chunked', 'https://evil.example', ''),
    fc.string({ maxLength: 30 }).map(noLineBreaks),
  ),
);

function hostValue(choice: string, port: number): string | null {
  const values: Record<string, string | null> = {
    valid: `127.0.0.1:${port}`,
    localhost: `localhost:${port}`,
    ipv6: `[::1]:${port}`,
    upper: `LOCALHOST:${port}`,
    foreign: 'evil.example',
    otherPort: `127.0.0.1:${port + 1}`,
    bare: '127.0.0.1',
    empty: '',
  };
  return values[choice] ?? null;
}

export interface BuiltRequest {
  text: string;
  method: string;
  sentValidToken: boolean;
  hostAllowed: boolean;
  hasOrigin: boolean;
}

export function buildRequest(
  port: number,
  token: string,
  parts: { method: string; target: string; host: string; auth: AuthChoice; extra: [string, string][] },
): BuiltRequest {
  const host = hostValue(parts.host, port);
  const lines = [`${parts.method} ${parts.target} HTTP/1.1`];
  if (host !== null) lines.push(`Host: ${host}`);
  if (parts.auth.kind === 'valid') lines.push(`Authorization: ${parts.auth.format(token)}`);
  if (parts.auth.kind === 'bad') lines.push(`Authorization: ${parts.auth.value}`);
  for (const [name, value] of parts.extra) lines.push(`${name}: ${value}`);
  lines.push('Connection: close');
  const text = `${lines.join('\r\n')}\r\n\r\n`;
  return {
    text,
    method: parts.method,
    sentValidToken: text.includes(token),
    hostAllowed: ['valid', 'localhost', 'ipv6', 'upper'].includes(parts.host),
    hasOrigin: parts.extra.some(([name]) => name === 'Origin'),
  };
}
