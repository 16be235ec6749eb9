// Malformed HTTP/1.x requests, built byte by byte from a seeded PRNG: odd methods and targets, header
// floods, request smuggling (conflicting Content-Length / Transfer-Encoding), invalid UTF-8, HTTP/0.9
// lines, an HTTP/2 preface, pipelines, slow and half-closed sends, and plain garbage. Each case is
// raw bytes; fuzz.ts sends them over a socket. The same seed gives the same cases.
import type { Prng } from './prng.js';

export interface FuzzTarget {
  port: number;
  /** Routes worth reaching on this server. */
  paths: string[];
  /** Routes that take a JSON body. */
  bodyPaths: string[];
  /** A valid bearer token, so some cases get past authentication. */
  token?: string | undefined;
}

export interface FuzzCase {
  kind: string;
  chunks: Buffer[];
  delayMs?: number;
}

type Bytes = string | Buffer;
const bytes = (x: Bytes): Buffer => (typeof x === 'string' ? Buffer.from(x, 'latin1') : x);

/** A request from its line, header lines ("Name: value", or raw bytes) and body. */
function message(line: Bytes, headers: Bytes[], body: Bytes = ''): Buffer {
  const parts = [bytes(line)];
  for (const header of headers) parts.push(bytes('\r\n'), bytes(header));
  parts.push(bytes('\r\n\r\n'), bytes(body));
  return Buffer.concat(parts);
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL'];
const ODD_METHODS = ['get', 'Get', 'GETT', 'G\tET', 'M-SEARCH', 'BREW', 'QUERY', 'PURGE', 'CONNECT', ''];
const VERSIONS = [
  'HTTP/1.2',
  'HTTP/2.0',
  'HTTP/9.9',
  'HTTP/1.1x',
  'http/1.1',
  'HTTP/1',
  'HTTP/',
  'HTTPS/1.1',
];
const BAD_UTF8 = [
  [0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80, 0x80],
  [0x00],
  [0x7f, 0x1b],
].map((b) => Buffer.from(b));

// Header lines and a body that disagree about where the body ends. {inner} is a second request
// hidden in the body, {length} its length: a server that reads the framing wrong answers it too.
const INNER = 'GET /health HTTP/1.1\r\nHost: {host}\r\n\r\n';
const ZERO_CHUNK = `0\r\n\r\n${INNER}`;
const SMUGGLING: [string, string][] = [
  ['Content-Length: 5\r\nTransfer-Encoding: chunked', ZERO_CHUNK],
  ['Content-Length: 5\r\nContent-Length: 6', 'hello!'],
  ['Content-Length: 3\r\nContent-Length: 3', 'abc'],
  ['Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked', ZERO_CHUNK],
  ['Transfer-Encoding : chunked\r\nContent-Length: 4', ZERO_CHUNK],
  ['Transfer-Encoding: x\r\n chunked', ZERO_CHUNK],
  ['Content-Length: 0', INNER],
  ['Content-Length: {length}', INNER],
  ...['chunked, identity', 'xchunked', 'chunked ', ' chunked', 'Chunked', 'identity', 'gzip, chunked'].map(
    (te): [string, string] => [`Transfer-Encoding: ${te}`, ZERO_CHUNK],
  ),
  ...['-1', '1e3', '0x10', '99999999999999999999', '+5', '5 5', '', ' 3', '3,3'].map(
    (cl): [string, string] => [`Content-Length: ${cl}`, 'abc'],
  ),
  ...[
    'zz\r\nabc\r\n0\r\n\r\n',
    'ffffffffffffffff\r\nabc',
    '3;ext=\x01\r\nabc\r\n0\r\n\r\n',
    '3\r\nabcdef\r\n',
    '-1\r\n',
  ].map((body): [string, string] => ['Transfer-Encoding: chunked', body]),
];

export function createCaseMaker(rng: Prng, target: FuzzTarget): () => FuzzCase {
  const host = `127.0.0.1:${target.port}`;
  const path = () => rng.pick(target.paths);
  const bodyPath = () => rng.pick(target.bodyPaths);
  const auth = (): string[] => {
    const roll = rng.next();
    if (target.token && roll < 0.4) return [`Authorization: Bearer ${target.token}`];
    if (roll < 0.7) return [`Authorization: Bearer aik_${rng.text(rng.between(1, 60))}`];
    return [];
  };
  const headers = (): Bytes[] => [`Host: ${host}`, ...auth()];
  const get = (p = path(), extra: Bytes[] = []) => message(`GET ${p} HTTP/1.1`, [...headers(), ...extra]);
  const json = (method: string, body: Bytes, type = 'application/json') =>
    message(
      `${method} ${bodyPath()} HTTP/1.1`,
      [...headers(), `Content-Type: ${type}`, `Content-Length: ${bytes(body).length}`],
      body,
    );
  const percentGarbage = (p: string) =>
    p.replace(/[a-z]/g, (c) => (rng.chance(0.3) ? `%${rng.text(2, '0123456789abcdefxyzXYZ%/')}` : c));

  const method = () => {
    const roll = rng.int(4);
    const name =
      roll < 2
        ? rng.pick([...METHODS, ...ODD_METHODS])
        : roll === 2
          ? 'X'.repeat(rng.between(20, 5000))
          : rng.text(rng.between(1, 12));
    return message(`${name} ${path()} HTTP/1.1`, headers());
  };
  const requestTarget = () => {
    const p = path();
    return get(
      rng.pick([
        `http://${host}${p}`,
        `http://evil.example${p}`,
        `https://${host}/health`,
        ...['*', '', ' ', '%', '/%', '/%%', '/../v1/keys', '/v1/keys/../keys/openai', '/%2e%2e/%2e%2e/'],
        ...['/v1/keys/..%2f..%2fetc%2fpasswd', '/v1/keys/%zz', '/v1/keys/%c0%af', '/v1/keys/%ff%fe'],
        ...['/v1/keys/%00', '/v1/keys/%u0041', '//evil.example/v1/keys', '\\v1\\keys'],
        `/${'a'.repeat(rng.pick([1000, 7000, 20_000, 100_000]))}`,
        `${p}/../../../etc/passwd`,
        percentGarbage(p),
        `${p}#frag`,
        `${p}?name=${percentGarbage(rng.text(30))}`,
        `${p}?${Array.from({ length: 1000 }, (_, i) => `a${i}=1`).join('&')}`,
        `${p}?hub=%ff&name=%00&since=-1&limit=1e309`,
        `/v1/keys/${'openai/'.repeat(50)}`,
      ]),
    );
  };
  const headerFlood = () => {
    const roll = rng.int(6);
    if (roll === 0)
      return get(
        path(),
        Array.from({ length: rng.between(41, 500) }, (_, i) => `X-F${i}: v`),
      );
    if (roll === 1) return get(path(), [`X-Big: ${'v'.repeat(rng.between(8_000, 64_000))}`]);
    if (roll === 2)
      return message(`GET ${path()} HTTP/1.1`, [`Host: ${host}`, 'Host: evil.example', `Host: ${host}`]);
    if (roll === 3) return get(path(), [`${rng.pick(['X Y', 'X:Y', ':', '\x00', '(x)', 'X\tY'])}: z`]);
    if (roll === 4)
      return get(
        path(),
        Array.from({ length: 30 }, () => `Authorization: Bearer aik_${rng.text(20)}`),
      );
    return get(path(), ['no colon here']);
  };
  const smuggling = () => {
    const [lines, body] = rng.pick(SMUGGLING);
    const inner = INNER.replace('{host}', host);
    const fill = (text: string) => text.replace('{host}', host).replace('{length}', String(inner.length));
    const p = rng.chance(0.5) ? path() : bodyPath();
    const line = `${rng.pick(['GET', 'POST', 'PUT'])} ${p} ${rng.pick(['HTTP/1.1', 'HTTP/1.0'])}`;
    return message(line, [...headers(), fill(lines)], fill(body));
  };
  const invalidUtf8 = () => {
    const junk = rng.pick(BAD_UTF8);
    const roll = rng.int(4);
    if (roll === 0)
      return message(Buffer.concat([bytes(`GET ${path()}`), junk, bytes(' HTTP/1.1')]), headers());
    if (roll === 1) return get(path(), [Buffer.concat([bytes('X-Junk: a'), junk])]);
    if (roll === 2)
      return message(`GET ${path()} HTTP/1.1`, [
        `Host: ${host}`,
        Buffer.concat([bytes('Authorization: Bearer aik_'), junk]),
      ]);
    return json('POST', Buffer.concat([bytes('{"deviceName":"'), junk, bytes('"}')]));
  };
  const pipelined = () =>
    Buffer.concat(
      Array.from({ length: rng.between(2, 10) }, () =>
        rng.chance(0.6)
          ? get()
          : bytes(
              rng.pick([
                'GET / HTTP/1.1\r\n\r\n',
                `DELETE ${path()} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
                'garbage\r\n\r\n',
              ]),
            ),
      ),
    );
  const halfClosed = () => {
    const request = rng.chance(0.5)
      ? get()
      : message(
          `POST ${bodyPath()} HTTP/1.1`,
          [...headers(), 'Content-Type: application/json', 'Content-Length: 100'],
          '{"a":',
        );
    return request.subarray(0, rng.int(request.length));
  };
  const body = () =>
    json(
      rng.pick(['POST', 'PUT', 'PATCH']),
      rng.pick([
        ...['{', 'null', '[]', '"x"', '{"a":1}', '{"inviteId":1,"inviteSecret":[],"device":null}'],
        '['.repeat(rng.between(10, 50_000)),
        `{"s":"${'x'.repeat(rng.between(10, 200_000))}"}`,
        rng.bytes(rng.between(1, 300)),
      ]),
      rng.pick([
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        '',
      ]),
    );

  const makers: [number, string, () => Buffer | FuzzCase][] = [
    [10, 'method', method],
    [16, 'target', requestTarget],
    [8, 'header-flood', headerFlood],
    [16, 'smuggling', smuggling],
    [8, 'invalid-utf8', invalidUtf8],
    [
      4,
      'http/0.9',
      () =>
        bytes(
          rng.pick([
            'GET /\r\n',
            `GET ${path()}\r\n`,
            'GET /health\n\n',
            'GET /health HTTP/0.9\r\n\r\n',
            'GET /health HTTP/1.0\r\n\r\n',
          ]),
        ),
    ],
    [
      3,
      'http/2-preface',
      () =>
        Buffer.concat([
          bytes('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
          rng.chance(0.5) ? Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]) : rng.bytes(rng.int(64)),
        ]),
    ],
    [10, 'pipelined', pipelined],
    [
      3,
      'slow',
      () => ({
        kind: 'slow',
        chunks: [...get('/health').subarray(0, 300)].map((b) => Buffer.from([b])),
        delayMs: rng.between(1, 3),
      }),
    ],
    [6, 'half-closed', halfClosed],
    [
      5,
      'garbage',
      () =>
        rng.chance(0.5)
          ? rng.bytes(rng.between(1, 2000))
          : bytes(rng.text(rng.between(1, 500), 'GET /HTP1.\r\n: \t')),
    ],
    [5, 'version', () => message(`GET ${path()} ${rng.pick(VERSIONS)}`, headers())],
    [7, 'body', body],
  ];
  const total = makers.reduce((sum, [weight]) => sum + weight, 0);
  return () => {
    let roll = rng.int(total);
    for (const [weight, kind, make] of makers) {
      if (roll < weight) {
        const made = make();
        return Buffer.isBuffer(made) ? { kind, chunks: [made] } : made;
      }
      roll -= weight;
    }
    throw new Error('unreachable');
  };
}
