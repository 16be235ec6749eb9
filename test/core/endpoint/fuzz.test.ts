// Any local process can talk to the endpoint, so it must survive whatever bytes arrive: every route
// is fuzzed over raw sockets (paths, queries, methods, Host, Authorization, duplicate and oversized
// headers, garbage and slow requests) and must never answer 5xx, leak a key, or send a CORS header.
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';
import {
  target,
  authorization,
  hostChoice,
  method,
  extraHeader,
  type AuthChoice,
  type BuiltRequest,
  buildRequest,
} from './fuzz-requests.js';

const SEED = 47_821;
const RUNS = 150;
const fuzzOptions = { seed: SEED, numRuns: RUNS, endOnFailure: true } as const;

const PLANTED = [SAMPLE_KEYS.anthropic, SAMPLE_KEYS.google, SAMPLE_KEYS.groq];

const ErrorBody = z
  .object({ error: z.object({ code: z.string().regex(/^[a-z_]+$/), message: z.string().min(1) }).strict() })
  .strict();

interface Reply {
  status: number;
  headers: [string, string][];
  body: string;
}

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

async function setup(maxAuthFailures = 1_000_000) {
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0, maxAuthFailures });
  running.push(endpoint);
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  wallet.keys.create({ provider: 'google', secret: SAMPLE_KEYS.google });
  wallet.keys.create({ provider: 'groq', name: 'work', secret: SAMPLE_KEYS.groq });
  const { token } = wallet.tokens.create({ name: 'all' });
  return { wallet, port: endpoint.port, token };
}

/** Reads a chunked body from the start of `data`: the body and the bytes it took. */
function readChunked(data: Buffer): { body: Buffer; used: number } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('Truncated chunked body.');
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('Bad chunk size line.');
    at = lineEnd + 2;
    if (size === 0) return { body: Buffer.concat(parts), used: data.indexOf('\r\n', at) + 2 };
    parts.push(data.subarray(at, at + size));
    at += size + 2;
  }
}

/** Splits what the server sent into responses; a HEAD answer has headers but no body. */
function parseReplies(raw: Buffer, firstIsHead: boolean): Reply[] {
  const replies: Reply[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) throw new Error(`Truncated response head: ${JSON.stringify(rest.toString('latin1'))}`);
    const [statusLine = '', ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1];
    if (!status) throw new Error(`Not an HTTP status line: ${JSON.stringify(statusLine)}`);
    const headers = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    });
    const header = (name: string) => headers.find(([n]) => n === name)?.[1];
    let body: Buffer = Buffer.alloc(0);
    rest = rest.subarray(end + 4);
    if (!(firstIsHead && replies.length === 0)) {
      if (header('transfer-encoding') === 'chunked') {
        const chunked = readChunked(rest);
        body = chunked.body;
        rest = rest.subarray(chunked.used);
      } else {
        body = rest.subarray(0, Number(header('content-length') ?? 0));
        rest = rest.subarray(body.length);
      }
    }
    replies.push({ status: Number(status), headers, body: body.toString('utf8') });
  }
  return replies;
}

/** Writes the bytes, half-closes, and collects everything until the server closes. */
function exchange(port: number, request: string | Buffer, timeoutMs = 4_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`No answer within ${timeoutMs} ms to ${JSON.stringify(request.slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

/** The invariants every answer must keep, whatever was asked. */
function checkReply(reply: Reply, context: { sentValidToken: boolean; token: string }): void {
  const where = `${reply.status} ${reply.body.slice(0, 300)}`;
  expect(reply.status, where).toBeLessThan(500);
  expect(
    reply.headers.filter(([name]) => name.startsWith('access-control-')),
    where,
  ).toEqual([]);
  // An error body, when there is one (HEAD answers and the parser's own 400 have none), is the JSON error.
  if (reply.status >= 400 && reply.body !== '') {
    expect(reply.headers, where).toContainEqual(['content-type', 'application/json; charset=utf-8']);
    expect(ErrorBody.safeParse(JSON.parse(reply.body)).success, where).toBe(true);
  }
  if (!context.sentValidToken) for (const key of PLANTED) expect(reply.body, where).not.toContain(key);
  expect(reply.body, where).not.toContain(context.token.slice(-20));
}

async function expectHealthy(port: number): Promise<void> {
  const [reply] = parseReplies(
    await exchange(port, `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    false,
  );
  expect(reply?.status).toBe(200);
  expect(JSON.parse(reply?.body ?? '')).toMatchObject({ status: 'ok' });
}

async function send(port: number, token: string, request: BuiltRequest): Promise<Reply[]> {
  const replies = parseReplies(await exchange(port, request.text), request.method === 'HEAD');
  for (const reply of replies) checkReply(reply, { sentValidToken: request.sentValidToken, token });
  return replies;
}

const errorCodeOf = (reply: Reply | undefined): string | undefined =>
  reply && reply.body !== ''
    ? (JSON.parse(reply.body) as { error?: { code?: string } }).error?.code
    : undefined;

describe('loopback endpoint under fuzzing', () => {
  it('random paths and queries on every route: no 5xx, errors are {"error":{code,message}}, no leak', async () => {
    const { port, token } = await setup();
    await fc.assert(
      fc.asyncProperty(target, fc.boolean(), async (path, withToken) => {
        await send(
          port,
          token,
          buildRequest(port, token, {
            method: 'GET',
            target: path,
            host: 'valid',
            auth: withToken ? { kind: 'valid', format: (t) => `Bearer ${t}` } : { kind: 'none' },
            extra: [],
          }),
        );
      }),
      {
        ...fuzzOptions,
        // Request targets the WHATWG URL parser refuses; they must be a 400, not a 500.
        examples: [
          ['//[', false],
          ['http://[x/', true],
          ['/v1/keys/%E0', true],
          ['/v1/env?providers=%25', true],
          ['/v1/env?key=%25', true],
          ['/v1/resolve?ref=%25', true],
          ['/v1/resolve?ref=aikey://custom/%25E0', true],
          ['/api/keys/provider/%E0', true],
        ],
      },
    );
    await expectHealthy(port);
  });

  it('random methods, Host, Authorization and duplicate headers: the guards answer first, in order', async () => {
    const { port, token } = await setup();
    await fc.assert(
      fc.asyncProperty(
        method,
        target,
        hostChoice,
        authorization,
        fc.array(extraHeader, { maxLength: 4 }),
        fc.boolean(),
        async (verb, path, host, auth, extra, duplicate) => {
          const headers = duplicate ? [...extra, ...extra] : extra;
          const request = buildRequest(port, token, {
            method: verb,
            target: path,
            host,
            auth,
            extra: headers,
          });
          const [reply] = await send(port, token, request);
          const code = errorCodeOf(reply);
          if (code === undefined) return;
          if (!request.hostAllowed) expect(code).toBe('bad_host');
          else if (request.hasOrigin) expect(code).toBe('origin_forbidden');
          if (code === 'rate_limited') expect(reply?.headers.some(([n]) => n === 'retry-after')).toBe(true);
          if (code === 'unauthorized')
            expect(reply?.headers.some(([n, v]) => n === 'www-authenticate' && v.startsWith('Bearer'))).toBe(
              true,
            );
        },
      ),
      fuzzOptions,
    );
    await expectHealthy(port);
  });

  it('with the failure limiter at its default and the vault locked: only guard, token and lock errors, never a key', async () => {
    const { port, token, wallet } = await setup(10);
    const getWith = (path: string, auth: AuthChoice) =>
      send(
        port,
        token,
        buildRequest(port, token, { method: 'GET', target: path, host: 'valid', auth, extra: [] }),
      );
    await fc.assert(
      fc.asyncProperty(target, authorization, async (path, auth) => {
        await getWith(path, auth);
      }),
      { ...fuzzOptions, numRuns: 75 },
    );
    wallet.vault.lock();
    await fc.assert(
      fc.asyncProperty(target, authorization, async (path, auth) => {
        for (const reply of await getWith(path, auth)) {
          for (const key of PLANTED) expect(reply.body).not.toContain(key);
          if (reply.status === 200) expect(JSON.parse(reply.body)).toMatchObject({ locked: true });
          const code = errorCodeOf(reply);
          if (code !== undefined)
            expect([
              'not_found',
              'invalid_request',
              'unauthorized',
              'rate_limited',
              'vault_locked',
            ]).toContain(code);
        }
      }),
      { ...fuzzOptions, numRuns: 75 },
    );
    await expectHealthy(port);
  });

  it('garbage request lines and raw bytes get a 400 or a closed socket, never a crash', async () => {
    const { port, token } = await setup();
    const version = fc.constantFrom(
      'HTTP/1.1',
      'HTTP/1.0',
      'HTTP/2.0',
      'HTTP/0.9',
      'HTTP/1.1x',
      '',
      'HTTP/9.9',
    );
    const line = fc.oneof(
      fc
        .tuple(fc.constantFrom('GET', 'get', 'G E T', '', 'CONNECT', 'PRI', 'GET\u0000'), target, version)
        .map(([verb, path, v]) => `${verb} ${path} ${v}`),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    await fc.assert(
      fc.asyncProperty(line, fc.boolean(), async (requestLine, withHost) => {
        const host = withHost ? `Host: 127.0.0.1:${port}\r\n` : '';
        const raw = Buffer.from(`${requestLine}\r\n${host}Connection: close\r\n\r\n`, 'latin1');
        const replies = parseReplies(await exchange(port, raw), false);
        for (const reply of replies) checkReply(reply, { sentValidToken: false, token });
      }),
      fuzzOptions,
    );
    await expectHealthy(port);
  });

  it('refuses headers over 8 KiB and more than 40 header fields, even with a valid token', async () => {
    const { port, token } = await setup();
    const head = `GET /v1/keys/anthropic HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n`;
    const filler = (count: number, value = 'x') =>
      Array.from({ length: count }, (_, i) => `X-Filler-${i}: ${value}\r\n`).join('');
    const oversized = [
      `${head}X-Big: ${'a'.repeat(9 * 1024)}\r\n\r\n`,
      `${head}${filler(300, 'b'.repeat(30))}\r\n`,
      // A browser's Origin pushed past the 40th field must not slip through uncounted.
      `${head}${filler(45)}Origin: https://evil.example\r\n\r\n`,
      `${head}${filler(39)}\r\n`,
    ];
    for (const request of oversized) {
      const replies = parseReplies(await exchange(port, request), false);
      expect(replies.map((r) => r.status)).toEqual([400]);
      for (const reply of replies) checkReply(reply, { sentValidToken: false, token });
    }
    const atTheCap = parseReplies(
      await exchange(port, `${head}Connection: close\r\n${filler(37)}\r\n`),
      false,
    );
    expect(atTheCap.map((r) => r.status)).toEqual([200]);
    for (const reply of atTheCap) checkReply(reply, { sentValidToken: true, token });
    await expectHealthy(port);
  });

  it('slow clients that never finish their headers neither block others nor outlive headersTimeout', async () => {
    const { port } = await setup();
    const closed: Promise<'closed'>[] = [];
    const sockets: Socket[] = [];
    for (let i = 0; i < 20; i += 1) {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.resume();
      socket.write(`GET /v1/keys HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      // Half of them drip one more header line a second, the classic slowloris.
      const drip = i % 2 === 0 ? setInterval(() => socket.write(`X-Drip-${i}: 1\r\n`), 1_000) : undefined;
      closed.push(
        new Promise((resolve) =>
          socket.on('close', () => {
            clearInterval(drip);
            resolve('closed');
          }),
        ),
      );
    }
    try {
      await expectHealthy(port);
      // headersTimeout is 5 s; allow the server 2 s more to notice.
      const deadline = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 7_000));
      const outcomes = await Promise.all(
        closed.map((socketClosed) => Promise.race([socketClosed, deadline])),
      );
      expect(outcomes.filter((o) => o === 'still open')).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    await expectHealthy(port);
  });
});
