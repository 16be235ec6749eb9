// The OpenAPI document is the contract CLI authors code against, so it is checked against a real
// endpoint rather than trusted: every documented path is served, every 200 body fits its schema, every
// documented error of the key routes and cv-hub's routes really happens, and no served route goes
// undocumented.
import { describe, expect, it } from 'vitest';
import { EndpointError, type EndpointErrorCode } from '#core/endpoint/responses.js';
import { DEFAULT_PORT, ENDPOINT_VERSION } from '#core/endpoint/server.js';
import { PROVIDER_IDS } from '#shared/providers.js';
import { bearer, errorCode, rawGet, type RawResponse } from '../../helpers/http.js';
import { SAMPLE_KEYS, STRONG_PASSWORD } from '../../helpers/temp-wallet.js';
import {
  doc,
  SERVED_PATHS,
  BROKER_PATHS,
  ALL_CODES,
  everyCodeListed,
  withStorageFailure,
  responseOf,
  jsonSchemaOf,
  codesOf,
  issuesOf,
  templateOf,
  getOperation,
  setup,
  type Setup,
} from './openapi-document.js';

describe('OpenAPI document of the loopback endpoint', () => {
  it('is OpenAPI 3.1 for this endpoint: version, default server, bearer security, provider enum', () => {
    expect(everyCodeListed).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.version).toBe(ENDPOINT_VERSION);
    for (const words of ['127.0.0.1', 'Host', 'Origin', 'Bearer', 'Access-Control'])
      expect(doc.info.description).toContain(words);
    expect(doc.servers.map((s) => s.url)).toEqual([`http://127.0.0.1:${DEFAULT_PORT}`]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(getOperation('/health').security).toEqual([]);
    expect(doc.components.schemas.ProviderId?.enum).toEqual([...PROVIDER_IDS]);
    for (const path of SERVED_PATHS) {
      const declared = (getOperation(path).parameters ?? []).filter((p) => p.in === 'path');
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(declared.map((p) => p.name)).toEqual(templated);
      for (const parameter of declared) {
        expect(parameter).toMatchObject({
          required: true,
          schema: { $ref: '#/components/schemas/ProviderId' },
        });
      }
    }
  });

  it('documents exactly the routes server.ts serves: the key routes as GET only, the broker with its methods', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([...SERVED_PATHS, ...Object.keys(BROKER_PATHS)].sort());
    for (const path of SERVED_PATHS) expect(Object.keys(doc.paths[path] ?? {})).toEqual(['get']);
    for (const [path, methods] of Object.entries(BROKER_PATHS)) {
      expect(Object.keys(doc.paths[path] ?? {})).toEqual(methods);
    }
  });

  it('documents every error code, each under the status the server gives it', () => {
    expect(doc.components.schemas.ErrorCode?.enum).toEqual([...ALL_CODES]);
    for (const path of SERVED_PATHS) {
      const operation = getOperation(path);
      for (const status of Object.keys(operation.responses).filter((s) => Number(s) >= 400)) {
        const codes = codesOf(responseOf(operation, status));
        expect(codes, `${path} ${status}`).not.toEqual([]);
        for (const code of codes)
          expect([path, code, new EndpointError(code, '').status]).toEqual([path, code, Number(status)]);
      }
    }
  });

  it('every documented path is served when called with a valid token (none is 404 not_found)', async () => {
    const { port, token } = await setup();
    for (const path of SERVED_PATHS) {
      // /v1/resolve requires at least one reference.
      const query = path === '/v1/resolve' ? '?ref=aikey://anthropic' : '';
      const res = await rawGet(port, `${path.replace('{provider}', 'anthropic')}${query}`, bearer(token));
      expect([path, res.status, errorCode(res)]).toEqual([path, 200, undefined]);
    }
    // The control: a path outside the document is not served.
    expect(errorCode(await rawGet(port, '/v1/undocumented', bearer(token)))).toBe('not_found');
  });

  it('the schemas refuse what the contract forbids, so the checks below mean something', () => {
    const key = {
      provider: 'anthropic',
      name: 'default',
      hub: 'Personal',
      key: SAMPLE_KEYS.anthropic,
      baseUrl: null,
      expiresAt: null,
      envNames: ['ANTHROPIC_API_KEY', 'CV_ANTHROPIC_KEY'],
    };
    const schema = { $ref: '#/components/schemas/Key' };
    expect(issuesOf(schema, key)).toBeNull();
    expect(issuesOf(schema, { ...key, secret: 'extra' })).not.toBeNull();
    expect(issuesOf(schema, { ...key, provider: 'acme' })).not.toBeNull();
    expect(issuesOf(schema, { ...key, expiresAt: 1_700_000_000_000 })).not.toBeNull();
    expect(
      issuesOf({ $ref: '#/components/schemas/CvGitKey' }, { key: 'k', provider: 'openai' }),
    ).not.toBeNull();
    const listed = {
      id: 'k1',
      provider: 'openai',
      name: 'work',
      keyHint: 'sk-proj-…Q9z0',
      customEndpoint: null,
      isActive: true,
      expiresAt: null,
      lastUsedAt: '2030-01-01T00:00:00.000Z',
      usageCount: 3,
      createdAt: '2029-12-01T00:00:00.000Z',
      updatedAt: '2029-12-01T00:00:00.000Z',
    };
    const list = { $ref: '#/components/schemas/CvHubKeyList' };
    expect(issuesOf(list, { keys: [listed] })).toBeNull();
    expect(issuesOf(list, { keys: [{ ...listed, key: SAMPLE_KEYS.openai }] })).not.toBeNull();
    expect(issuesOf(list, { keys: [{ ...listed, createdAt: 1_700_000_000_000 }] })).not.toBeNull();
    expect(issuesOf(list, { keys: [{ ...listed, lastUsedAt: undefined }] })).not.toBeNull();
    expect(issuesOf(list, { keys: [listed], providers: {} })).not.toBeNull();
    expect(
      issuesOf({ $ref: '#/components/schemas/Error' }, { error: { code: 'oops', message: 'm' } }),
    ).not.toBeNull();
  });

  it('every 200 body from the real server validates against its documented schema', async () => {
    const { port, token, wallet } = await setup();
    const scoped = wallet.tokens.create({
      name: 'scoped',
      scope: { providers: ['anthropic', 'custom'], keyNames: ['default', 'local llm'] },
      expiresAt: Date.now() + 3_600_000,
    }).token;
    const requests: [string, string][] = [
      ['/health', token],
      ['/v1/whoami', token],
      ['/v1/whoami', scoped],
      ['/v1/keys', token],
      ['/v1/keys', scoped],
      ['/v1/keys/anthropic', token],
      ['/v1/keys/GOOGLE', token],
      ['/v1/keys/custom?name=local%20llm&hub=personal', token],
      ['/v1/env', token],
      ['/v1/env?providers=anthropic,google', token],
      ['/v1/env?providers=custom', scoped],
      ['/v1/env?key=anthropic&key=custom:local%20llm@Personal', token],
      ['/v1/env?providers=anthropic&key=custom:local%20llm', scoped],
      ['/v1/resolve?ref=aikey://anthropic&ref=aikey://Personal/custom/local%2520llm', token],
      ['/v1/resolve?ref=aikey://anthropic&ref=aikey://anthropic', scoped],
      // Refusals are a 200 answer too, with their own shape.
      ['/v1/resolve?ref=aikey://openai&ref=aikey://acme&ref=aikey://google', scoped],
      ['/api/keys', token],
      ['/api/keys', scoped],
      ['/api/keys/provider/anthropic', token],
      // No "default" custom key: the fallback serves the newest one.
      ['/api/keys/provider/custom', scoped],
    ];
    const failures: string[] = [];
    for (const [path, presented] of requests) {
      const template = templateOf(path);
      if (!template) {
        failures.push(`${path}: not in the document`);
        continue;
      }
      const res = await rawGet(port, path, bearer(presented));
      if (res.status !== 200) failures.push(`${path}: status ${res.status}`);
      if (res.headers['cache-control'] !== 'no-store')
        failures.push(`${path}: Cache-Control is not no-store`);
      const issues = issuesOf(jsonSchemaOf(responseOf(getOperation(template), '200')), res.json);
      if (issues !== null) failures.push(`${path} -> ${res.body}\n${issues}`);
    }
    wallet.vault.lock();
    const locked = await rawGet(port, '/health');
    const issues = issuesOf(jsonSchemaOf(responseOf(getOperation('/health'), '200')), locked.json);
    if (issues !== null || (locked.json as { locked?: boolean }).locked !== true)
      failures.push(`/health while locked -> ${locked.body}\n${issues}`);
    expect(failures).toEqual([]);
  });

  type Provocation = [EndpointErrorCode, (c: Setup) => Promise<RawResponse>];

  /**
   * The errors every token route shares, provoked on `path`, in the order they run: the rate limiter
   * goes last because it counts every failure before it.
   */
  function guardErrors(path: string, extra: Provocation[]): Provocation[] {
    return [
      ['bad_host', (c) => rawGet(c.port, path, { Host: 'evil.example', ...bearer(c.token) })],
      ['origin_forbidden', (c) => rawGet(c.port, path, { Origin: 'null', ...bearer(c.token) })],
      ['method_not_allowed', (c) => rawGet(c.port, path, bearer(c.token), { method: 'DELETE' })],
      [
        'payload_too_large',
        (c) => rawGet(c.port, path, { ...bearer(c.token), 'Content-Length': '2' }, { body: '{}' }),
      ],
      ['unauthorized', (c) => rawGet(c.port, path)],
      [
        'token_expired',
        (c) => {
          const brief = c.wallet.tokens.create({ name: 'brief', expiresAt: c.now() + 1_000 }).token;
          c.advance(1_000);
          return rawGet(c.port, path, bearer(brief));
        },
      ],
      ...extra,
      ['approval_denied', (c) => rawGet(c.port, path, bearer(askingToken(c, 'ask-deny')))],
      ['approval_unavailable', (c) => rawGet(c.port, path, bearer(askingToken(c, 'ask-serve')))],
      [
        'vault_locked',
        async (c) => {
          c.wallet.vault.lock();
          const res = await rawGet(c.port, path, bearer(c.token));
          await c.wallet.vault.unlock(STRONG_PASSWORD);
          return res;
        },
      ],
      // A damaged page met after unlock, and a write lock held past the busy wait: SQLite's own
      // errors, thrown where the key read runs (unlock itself refuses a damaged file: damage.test.ts).
      [
        'vault_corrupt',
        (c) => withStorageFailure(c.wallet, 'SQLITE_CORRUPT', () => rawGet(c.port, path, bearer(c.token))),
      ],
      [
        'vault_busy',
        (c) => withStorageFailure(c.wallet, 'SQLITE_BUSY', () => rawGet(c.port, path, bearer(c.token))),
      ],
      [
        'rate_limited',
        async (c) => {
          for (let attempt = 0; attempt < 20; attempt += 1) {
            const res = await rawGet(c.port, path, bearer(`aik_guess${attempt}`));
            if (res.status === 429) return res;
          }
          throw new Error('20 failed authentications were never rate limited.');
        },
      ],
    ];
  }

  const askingToken = (c: Setup, name: string) => c.wallet.tokens.create({ name, askBeforeUse: true }).token;
  const googleOnly = (c: Setup) =>
    c.wallet.tokens.create({ name: 'g', scope: { providers: ['google'] } }).token;

  /** Each route with documented errors, a path on it that succeeds, and how to provoke each error. */
  const ROUTE_ERRORS: [string, string, Provocation[]][] = [
    [
      '/v1/keys/{provider}',
      '/v1/keys/anthropic',
      guardErrors('/v1/keys/anthropic', [
        ['invalid_request', (c) => rawGet(c.port, '/v1/keys/not-a-provider', bearer(c.token))],
        ['out_of_scope', (c) => rawGet(c.port, '/v1/keys/anthropic', bearer(googleOnly(c)))],
        ['key_not_found', (c) => rawGet(c.port, '/v1/keys/anthropic?name=missing', bearer(c.token))],
      ]),
    ],
    [
      '/v1/env',
      '/v1/env?key=anthropic',
      guardErrors('/v1/env?key=anthropic', [
        ['invalid_request', (c) => rawGet(c.port, '/v1/env?key=anthropic:', bearer(c.token))],
        ['out_of_scope', (c) => rawGet(c.port, '/v1/env?key=anthropic', bearer(googleOnly(c)))],
        ['key_not_found', (c) => rawGet(c.port, '/v1/env?key=anthropic:missing', bearer(c.token))],
      ]),
    ],
    [
      '/api/keys/provider/{provider}',
      '/api/keys/provider/anthropic',
      guardErrors('/api/keys/provider/anthropic', [
        ['invalid_request', (c) => rawGet(c.port, '/api/keys/provider/%E0%A4%A', bearer(c.token))],
        ['out_of_scope', (c) => rawGet(c.port, '/api/keys/provider/anthropic', bearer(googleOnly(c)))],
        ['not_found', (c) => rawGet(c.port, '/api/keys/provider/acme', bearer(c.token))],
        ['key_not_found', (c) => rawGet(c.port, '/api/keys/provider/openai', bearer(c.token))],
      ]),
    ],
    [
      '/v1/resolve',
      '/v1/resolve?ref=aikey://anthropic',
      guardErrors('/v1/resolve?ref=aikey://anthropic', [
        ['invalid_request', (c) => rawGet(c.port, '/v1/resolve', bearer(c.token))],
      ]),
    ],
    ['/api/keys', '/api/keys', guardErrors('/api/keys', [])],
  ];

  it.each(ROUTE_ERRORS)(
    'every documented error of GET %s happens for real, with its status, headers and body',
    async (template, path, provoke) => {
      const context = await setup();
      const operation = getOperation(template);
      const documented = Object.keys(operation.responses)
        .filter((status) => Number(status) >= 400)
        .flatMap((status) => codesOf(responseOf(operation, status)).map((code) => ({ status, code })));
      expect(provoke.map(([code]) => code).sort()).toEqual(documented.map((d) => d.code).sort());

      for (const [code, run] of provoke) {
        const status = documented.find((d) => d.code === code)?.status ?? 'undocumented';
        const response = responseOf(operation, status);
        const res = await run(context);
        expect([code, res.status, errorCode(res)]).toEqual([code, Number(status), code]);
        expect(issuesOf(jsonSchemaOf(response), res.json)).toBeNull();
        expect(issuesOf({ $ref: '#/components/schemas/Error' }, res.json)).toBeNull();
        for (const [name, header] of Object.entries(response.headers ?? {})) {
          const value = res.headers[name.toLowerCase()];
          if (header.required) expect(value, `${code}: ${name}`).toBeDefined();
          if (value !== undefined) expect(issuesOf(header.schema, value), `${code}: ${name}`).toBeNull();
        }
        expect(res.body).not.toContain(SAMPLE_KEYS.anthropic);
      }
      // The route still answers afterwards: none of the above broke the endpoint or the token.
      expect((await rawGet(context.port, path, bearer(context.token))).status).toBe(200);
    },
  );
});
