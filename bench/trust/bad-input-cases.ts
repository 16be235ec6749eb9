// The bad values part 7 feeds to every aikey command that takes one: oversize values, invalid UTF-8
// (passed as raw argv bytes through sh), control characters, NUL (on stdin and in files: argv cannot
// carry it), path-like names, bad --expires dates, bad ports, providers, hubs, URLs and tokens.
// `allowed` lists the documented exit codes a case may end with (2, bad input, unless a lookup
// legitimately finds nothing: 7). No case may use a real key or token name: nothing may change.

export interface BadInput {
  args: (string | Buffer)[];
  stdin?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  allowed?: number[];
}

export const BIG = 'x'.repeat(100_000);
const CONTROL = ['a\x1b[31mb', 'a\x07b', 'a\nb', 'a\rb', 'a\tb', 'a\u202eb'];
// ".." alone is a legal display name (names never become paths); these ones hold a slash.
const PATHS = ['../x', '/etc/passwd', './x', 'a/../../b', '~/.ssh/id_rsa'];
const BAD_UTF8 = [
  Buffer.from([0x61, 0xff, 0xfe, 0x62]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
];
const NAMES = [...PATHS, ...CONTROL, ...BAD_UTF8, BIG, 'x'.repeat(65), ' '];
const DATES = [
  '2025-13-01',
  '2027-02-30',
  'yesterday',
  '0d',
  '-1d',
  '1e9d',
  '9999999d',
  '2000-01-01',
  '90',
  'T',
  '2027-01-31T25:00Z',
  'now',
  '',
  ' ',
  '1d1h',
  'P1D',
  BIG,
  'a\x1bb',
  BAD_UTF8[0]!,
];
const PROVIDERS = [
  'nope',
  '',
  'open ai',
  'openai/../x',
  '../x',
  '/etc/passwd',
  'оpenai',
  BIG,
  'a\x1bb',
  BAD_UTF8[0]!,
];
const URLS = [
  'ftp://x',
  'javascript:alert(1)',
  'http://',
  'x',
  'file:///etc/passwd',
  'http://a b',
  `http://${'a'.repeat(3000)}`,
  'a\x1bb',
  '',
];
const KEY_VALUES: (string | Buffer)[] = [
  '',
  '   \n',
  'sk a b',
  'sk-\x00-nul',
  'sk-\x1b[31m',
  Buffer.from([0x73, 0x6b, 0xff]),
  'x'.repeat(9000),
  'sk-\u00e9',
  'sk\r\nx',
];
const PORTS = ['65536', '99999', '-1', 'abc', '1.5', '', '0x50', ' 80', '1e3', '80 80', BIG, 'a\x1bb'];

const A_KEY = 'sk-proj-trustbadinputAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n';
const each = <T>(values: readonly T[], make: (value: T) => BadInput): BadInput[] => values.map(make);

/** Commands that open the vault with the master password (run with no serve, so ports are free). */
export function adminCases(files: { missing: string; dir: string; notADir: string }): BadInput[] {
  const add = (...rest: (string | Buffer)[]) => ['keys', 'add', 'openai', '--name', 'bad-input', ...rest];
  return [
    ...each(PROVIDERS, (p) => ({ args: ['keys', 'add', p], stdin: A_KEY })),
    ...each(NAMES, (n) => ({ args: ['keys', 'add', 'openai', '--name', n], stdin: A_KEY })),
    ...each(['', ...PATHS, BIG, 'a\x1bb', BAD_UTF8[0]!], (h) => ({
      args: add('--hub', h),
      stdin: A_KEY,
      allowed: [2, 7],
    })),
    ...each(['x'.repeat(2001), BIG], (n) => ({ args: add('--notes', n), stdin: A_KEY })),
    ...each(URLS, (u) => ({ args: add('--base-url', u), stdin: A_KEY })),
    ...each(DATES, (d) => ({ args: add('--expires', d), stdin: A_KEY })),
    ...each(KEY_VALUES, (v) => ({ args: add(), stdin: v })),
    ...each(['', ...NAMES], (r) => ({ args: ['keys', 'rm', r], allowed: [2, 7] })),
    ...each(['', ...PATHS, BIG], (r) => ({ args: ['keys', 'restore', r], allowed: [2, 7] })),
    ...each(['', 'trust', ...NAMES], (n) => ({ args: ['tokens', 'create', n] })),
    ...each(['nope', 'openai,,', ',', 'OPENAI', 'openai,nope', '', BIG, 'a\x1bb'], (p) => ({
      args: ['tokens', 'create', 'bad-input', '--providers', p],
    })),
    ...each(
      ['../x', ',', '', Array.from({ length: 101 }, (_, i) => `k${i}`).join(','), 'a\x1bb', BIG],
      (k) => ({ args: ['tokens', 'create', 'bad-input', '--keys', k] }),
    ),
    ...each(['', ...PATHS, BIG], (h) => ({
      args: ['tokens', 'create', 'bad-input', '--hub', h],
      allowed: [2, 7],
    })),
    ...each(DATES.slice(0, 8), (d) => ({ args: ['tokens', 'create', 'bad-input', '--expires', d] })),
    ...each(['', ...PATHS, BIG, 'a\x1bb'], (r) => ({ args: ['tokens', 'regenerate', r], allowed: [2, 7] })),
    ...each(['', ...PATHS, BIG, 'a\x1bb'], (r) => ({ args: ['tokens', 'revoke', r], allowed: [2, 7] })),
    ...each(['-1', 'abc', '1e999', '99999999999999999999', '1.5', '', '0x10', BIG], (l) => ({
      args: ['audit', '--limit', l],
    })),
    ...each(['owner', 'god', '', 'a\x1bb'], (r) => ({ args: ['hubs', 'invite', 'Team', '--role', r] })),
    ...each(['999d', '0d', '', '2000-01-01', BIG], (d) => ({
      args: ['hubs', 'invite', 'Team', '--expires', d],
    })),
    ...each(['', ...PATHS, BIG, 'a\x1bb', BAD_UTF8[0]!], (h) => ({
      args: ['hubs', 'members', h],
      allowed: [2, 7],
    })),
    ...each(['', ...PATHS, BIG], (h) => ({ args: ['hubs', 'leave', h], allowed: [2, 7] })),
    ...each([...PATHS, BIG], (h) => ({ args: ['hubs', 'sync', h], allowed: [7] })),
    ...each(['../x', BIG], (m) => ({ args: ['hubs', 'remove', 'Team', m], allowed: [2, 7] })),
    ...each(
      ['', 'garbage', 'aikey-invite:%%%', 'aikey-invite:\x00\x00', Buffer.from([0xff, 0xfe]), BIG],
      (code) => ({ args: ['hubs', 'join'], stdin: code }),
    ),
    ...each(['', BIG, 'a\x1bb', '../x'], (n) => ({ args: ['hubs', 'join', '--name', n], stdin: 'garbage' })),
    ...each(PORTS, (p) => ({ args: ['serve', '--port', p] })),
    { args: ['--frob'] },
    { args: ['frob'] },
    { args: [BIG] },
    { args: ['keys', 'frob'] },
    { args: ['tokens', 'frob'] },
    { args: ['hubs', 'frob'] },
    { args: ['keys', 'add', 'openai', '--name'] },
    ...each([files.missing, files.dir, BIG], (f) => ({ args: ['keys', 'list', '--password-file', f] })),
    ...each([files.missing, files.dir], (f) => ({ args: ['keys', 'list'], env: { AIKEY_PASSWORD_FILE: f } })),
    { args: ['keys', 'list'], env: { AIKEY_HOME: files.notADir }, allowed: [2, 9] },
  ];
}

/** Commands that fetch from the running wallet (AIKEY_URL and AIKEY_TOKEN point at serve). */
export function clientCases(files: { missing: string; dir: string; tokenFiles: string[] }): BadInput[] {
  return [
    ...each(['nope', '../x', '/etc/passwd', '%2e%2e', '', BIG, 'a\x1bb', BAD_UTF8[0]!], (p) => ({
      args: ['get', p],
      allowed: [2, 7],
    })),
    ...each([...PATHS, BIG, 'a\x1bb', BAD_UTF8[0]!], (n) => ({
      args: ['get', 'openai', '--name', n],
      allowed: [2, 7],
    })),
    ...each([...PATHS, BIG, 'a\x1bb'], (h) => ({ args: ['get', 'openai', '--hub', h], allowed: [2, 7] })),
    ...each(['nope', '../x', BIG, 'a\x1bb'], (p) => ({ args: ['env', p] })),
    ...each(['xml', '', 'a\x1bb'], (f) => ({ args: ['env', '--format', f] })),
    { args: ['exec', '--provider', 'nope', '--', 'true'] },
    { args: ['exec', '--provider', BIG, '--', 'true'] },
    { args: ['exec', '--', ''] },
    { args: ['exec', '--', '/nonexistent/command'] },
    { args: ['exec'] },
    ...each([files.missing, files.dir, ...files.tokenFiles], (f) => ({
      args: ['get', 'openai', '--token-file', f],
      allowed: [2, 5],
    })),
    ...each(
      [
        'http://evil.example',
        'ftp://127.0.0.1',
        'not a url',
        'http://127.0.0.1:99999',
        BIG,
        'http://127.0.0.1:1',
      ],
      (url) => ({
        args: ['get', 'openai'],
        env: { AIKEY_URL: url },
        allowed: [2, 3],
      }),
    ),
    ...each(['not a url', 'http://127.0.0.1:99999'], (url) => ({
      args: ['status'],
      env: { AIKEY_URL: url },
      allowed: [2, 3],
    })),
    ...each([BIG, 'aik_a\x1bb', 'aik_a\nb', 'aik_\u00e9', 'a b c'], (token) => ({
      args: ['get', 'openai'],
      env: { AIKEY_TOKEN: token },
      allowed: [2, 5],
    })),
  ];
}
