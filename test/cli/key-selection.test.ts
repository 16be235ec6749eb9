// `aikey env` and `aikey exec` choosing keys with --key provider[:name][@hub], run as a user runs
// them: the built CLI in its own process, against a wallet endpoint on a free port. Each refusal
// names the key, exits with its documented code, and the command never starts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { runAikey, type AikeyResult } from '../helpers/aikey-process.js';
import { SAMPLE_KEYS, tempDir, unlockedWallet } from '../helpers/temp-wallet.js';

const WORK = `sk-proj-${'W0rk'.repeat(8)}`;
const WORK_URL = 'https://gateway.example/openai/v1';
const LOCAL = 'sk-local-6f1d0c9a8b7e5d4c3b2a';
const LOCAL_URL = 'http://127.0.0.1:8080/v1';

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

/** A wallet endpoint with four keys, and `aikey` pointed at it (AIKEY_URL) with a token. */
async function setup() {
  const home = tempDir('aikey-keysel-');
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
  wallet.keys.create({ provider: 'openai', name: 'work', secret: WORK, baseUrl: WORK_URL });
  wallet.keys.create({ provider: 'custom', name: 'local llm', secret: LOCAL, baseUrl: LOCAL_URL });
  const token = wallet.tokens.create({ name: 'all' }).token;
  const anthropicOnly = wallet.tokens.create({ name: 'a', scope: { providers: ['anthropic'] } }).token;
  const aikey = (args: string[], presented = token, extra: NodeJS.ProcessEnv = {}): Promise<AikeyResult> =>
    runAikey(home, args, { env: { AIKEY_URL: endpoint.url, AIKEY_TOKEN: presented, ...extra } });
  return { aikey, token, anthropicOnly };
}

/** A child that prints what it was given; "unset" for a variable it did not get. */
const show = (...names: string[]) => [
  'sh',
  '-c',
  `printf '%s\\n' ${names.map((n) => `"${n}=\${${n}-unset}"`).join(' ')}`,
];

/**
 * The same, written to the file named by $SHOWN: exec masks the keys it injected in output that is
 * not a terminal (output-masking.test.ts), so exact values are checked where the child wrote them.
 */
const showToFile = (...names: string[]) => {
  const [sh, flag, script] = show(...names);
  return [sh!, flag!, `${script!} > "$SHOWN"`];
};

describe('aikey env --key', () => {
  it('prints the chosen keys and their base-URL variables, in every format', async () => {
    const { aikey } = await setup();
    const dotenv = await aikey(['env', '--key', 'openai:work', '--format', 'dotenv']);
    expect([dotenv.code, dotenv.stderr]).toEqual([0, '']);
    expect(dotenv.stdout).toBe(
      `OPENAI_API_KEY=${WORK}\nCV_OPENAI_KEY=${WORK}\nOPENAI_BASE_URL=${WORK_URL}\n`,
    );
    const json = await aikey(['env', '--json', '--key', 'anthropic', '--key', 'custom:local llm@Personal']);
    expect(JSON.parse(json.stdout)).toEqual({
      ANTHROPIC_API_KEY: SAMPLE_KEYS.anthropic,
      CV_ANTHROPIC_KEY: SAMPLE_KEYS.anthropic,
      LOCAL_LLM_API_KEY: LOCAL,
      LOCAL_LLM_BASE_URL: LOCAL_URL,
    });
    // Providers and keys combine.
    const sh = await aikey(['env', 'anthropic', '--key', 'openai:work']);
    expect(sh.stdout).toBe(
      [
        `export ANTHROPIC_API_KEY='${SAMPLE_KEYS.anthropic}'`,
        `export CV_ANTHROPIC_KEY='${SAMPLE_KEYS.anthropic}'`,
        `export OPENAI_API_KEY='${WORK}'`,
        `export CV_OPENAI_KEY='${WORK}'`,
        `export OPENAI_BASE_URL='${WORK_URL}'`,
        '',
      ].join('\n'),
    );
  });
});

describe('aikey exec --key', () => {
  it('runs the command with only the chosen keys and their base URLs', async () => {
    const { aikey, token } = await setup();
    const shown = join(tempDir('aikey-shown-'), 'env');
    const result = await aikey(
      [
        'exec',
        '--key',
        'openai:work',
        '--',
        ...showToFile('OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY'),
      ],
      token,
      { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, ANTHROPIC_API_KEY: undefined, SHOWN: shown },
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(readFileSync(shown, 'utf8')).toBe(
      `OPENAI_API_KEY=${WORK}\nOPENAI_BASE_URL=${WORK_URL}\nANTHROPIC_API_KEY=unset\n`,
    );
  });

  it('the default selection brings base-URL variables too, and only for keys that have a base URL', async () => {
    const { aikey, token } = await setup();
    const shown = join(tempDir('aikey-shown-'), 'env');
    const result = await aikey(
      [
        'exec',
        '--',
        ...showToFile('OPENAI_API_KEY', 'OPENAI_BASE_URL', 'LOCAL_LLM_API_KEY', 'LOCAL_LLM_BASE_URL'),
      ],
      token,
      { OPENAI_BASE_URL: undefined, SHOWN: shown },
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(readFileSync(shown, 'utf8')).toBe(
      `OPENAI_API_KEY=${SAMPLE_KEYS.openai}\nOPENAI_BASE_URL=unset\nLOCAL_LLM_API_KEY=${LOCAL}\nLOCAL_LLM_BASE_URL=${LOCAL_URL}\n`,
    );
  });

  it('refuses before the command starts, naming the key, with the documented exit code', async () => {
    const { aikey, token, anthropicOnly } = await setup();
    const started = ['sh', '-c', 'echo started'];
    const cases: [string[], string, number, RegExp][] = [
      [['--key', 'openai:nope'], token, 7, /^aikey: Key "openai:nope": No openai key named "nope"/],
      [['--key', 'openai:work@Nowhere'], token, 7, /^aikey: Key "openai:work@Nowhere": No hub/],
      [
        ['--key', 'openai:work'],
        anthropicOnly,
        6,
        /^aikey: Key "openai:work": This token may not read openai keys/,
      ],
      [['--key', 'acme:work'], token, 2, /^aikey: Unknown provider\..*provider\[:name\]\[@hub\]/],
      [['--key', 'openai:'], token, 2, /provider\[:name\]\[@hub\]/],
      [
        ['--key', 'openai:work', '--key', 'openai'],
        token,
        2,
        /^aikey: Key "openai:work" and key "openai" would both set OPENAI_API_KEY/,
      ],
      [['--key', 'anthropic'], 'aik_wrong', 5, /^aikey: A valid access token is required/],
    ];
    for (const [flags, presented, code, message] of cases) {
      for (const command of [
        ['exec', ...flags, '--', ...started],
        ['env', ...flags],
      ]) {
        const result = await aikey(command, presented);
        const label = command.join(' ');
        expect([label, result.code, result.stdout]).toEqual([label, code, '']);
        expect(result.stderr).toMatch(message);
        expect(result.stderr.split('\n')).toHaveLength(2); // one line, then the final newline
        expect(result.stderr).not.toContain(WORK);
      }
    }
    const json = await aikey(['env', '--json', '--key', 'openai:nope']);
    expect([json.code, json.stdout]).toEqual([7, '']);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'key_not_found',
        message: 'Key "openai:nope": No openai key named "nope" that this token may read.',
      },
    });
  });
});
