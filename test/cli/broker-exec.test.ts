// `aikey exec --broker` with the official SDKs: a child whose only credentials are a session token
// and /proxy base URLs talks to a mock provider through the wallet. What each SDK received is what
// the mock sent, byte for byte; the mock saw the real key; the child's environment and argv held no
// key and no wallet token; the session token is dead once the child has exited.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerExec, brokerEnvironment } from '#cli/commands/broker-exec.js';
import { execCommand } from '#cli/commands/client-commands.js';
import { runCommand } from '#cli/commands/run-commands.js';
import { SAMPLE_KEYS, tempDir } from '../helpers/temp-wallet.js';
import { errorCode, rawGet } from '../helpers/http.js';
import { brokerFixture } from '../helpers/broker-fixture.js';
import { chatStream, messageStream } from '../helpers/mock-provider.js';

const running: { close(): Promise<void> }[] = [];
const savedEnv = { ...process.env };
afterEach(async () => {
  process.env = { ...savedEnv };
  while (running.length > 0) await running.pop()?.close();
});

async function setup() {
  const fixture = await brokerFixture(running);
  process.env.AIKEY_TOKEN = fixture.token;
  process.env.AIKEY_URL = fixture.endpoint.url;
  return fixture;
}

/** The child: the official SDKs configured from the environment alone, as any tool would be. */
const CHILD = `
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(${JSON.stringify(join(process.cwd(), 'package.json'))});
const OpenAI = require('openai').default;
const Anthropic = require('@anthropic-ai/sdk').default;
const openai = new OpenAI({ maxRetries: 0 });
const anthropic = new Anthropic({ maxRetries: 0 });
const raw = async (call) => (await call.asResponse()).text();
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];
const message = { model: 'claude-test-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
const out = { env: process.env, argv: process.argv, execArgv: process.execArgv };
out.completionRaw = await raw(openai.chat.completions.create(chat));
out.completionText = (await openai.chat.completions.create(chat)).choices[0].message.content;
out.streamRaw = await raw(openai.chat.completions.create({ ...chat, stream: true }));
out.streamText = '';
for await (const chunk of await openai.chat.completions.create({ ...chat, stream: true }))
  out.streamText += chunk.choices[0]?.delta?.content ?? '';
out.toolRaw = await raw(openai.chat.completions.create({ ...chat, tools }));
out.toolArgs = (await openai.chat.completions.create({ ...chat, tools })).choices[0].message.tool_calls[0].function.arguments;
const embed = { model: 'text-embedding-3-small', input: 'hi', encoding_format: 'float' };
out.embeddingsRaw = await raw(openai.embeddings.create(embed));
out.embedding = (await openai.embeddings.create(embed)).data[0].embedding;
out.messageRaw = await raw(anthropic.messages.create(message));
out.messageText = (await anthropic.messages.create(message)).content[0].text;
out.messageStreamRaw = await raw(anthropic.messages.create({ ...message, stream: true }));
out.messageStreamText = (await anthropic.messages.stream(message).finalMessage()).content[0].text;
writeFileSync(process.env.RESULT_FILE, JSON.stringify(out));
`;

interface ChildResult {
  env: Record<string, string>;
  argv: string[];
  execArgv: string[];
  [name: string]: unknown;
}

describe('aikey exec --broker with the official SDKs', () => {
  it('serves the OpenAI and Anthropic SDKs byte for byte while the child never holds a key', async () => {
    const { mock, token, endpoint } = await setup();
    const dir = tempDir();
    const script = join(dir, 'child.mjs');
    const resultFile = join(dir, 'result.json');
    await import('node:fs').then((fs) => fs.writeFileSync(script, CHILD));
    process.env.RESULT_FILE = resultFile;
    const code = await execCommand({}, [], [], [process.execPath, script], { broker: true });
    expect(code).toBe(0);
    const out = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildResult;

    expect(out.completionText).toBe('Hello from the mock.');
    expect(out.streamText).toBe('Hello from the mock');
    expect(out.toolArgs).toBe('{"city":"Paris"}');
    expect(out.embedding).toEqual([0.25, -0.5, 0.125]);
    expect(out.messageText).toBe('Hello from the mock.');
    expect(out.messageStreamText).toBe('Hello there');
    for (const name of ['completionRaw', 'toolRaw', 'embeddingsRaw', 'messageRaw', 'messageStreamRaw']) {
      expect(mock.sent).toContain(out[name]);
    }
    expect(out.messageStreamRaw).toBe(messageStream().join(''));
    // The broker asked the stream for usage; the SDK got the stream it asked for, without it.
    expect(mock.sent).toContain(chatStream(true).join(''));
    expect(out.streamRaw).toBe(chatStream(false).join(''));

    for (const seen of mock.seen) {
      const key = seen.url.startsWith('/v1/messages')
        ? seen.headers['x-api-key']
        : seen.headers.authorization;
      expect(key).toBe(
        seen.url.startsWith('/v1/messages') ? SAMPLE_KEYS.anthropic : `Bearer ${SAMPLE_KEYS.openai}`,
      );
    }
    const reach = JSON.stringify([out.env, out.argv, out.execArgv]);
    for (const secret of [SAMPLE_KEYS.openai, SAMPLE_KEYS.anthropic, token])
      expect(reach).not.toContain(secret);
    expect(out.env.AIKEY_TOKEN).toBeUndefined();
    expect(out.env.AIKEY_URL).toBeUndefined();
    expect(out.env.OPENAI_BASE_URL).toBe(`${endpoint.url}/proxy/openai`);
    expect(out.env.ANTHROPIC_BASE_URL).toBe(`${endpoint.url}/proxy/anthropic`);
    expect(out.env.OPENAI_API_KEY).toMatch(/^aiks_/);

    // The run is over: its session token opens nothing any more.
    const after = await rawGet(endpoint.port, '/proxy/openai/models', {
      Authorization: `Bearer ${out.env.OPENAI_API_KEY}`,
    });
    expect([after.status, errorCode(after)]).toEqual([401, 'unauthorized']);
  });

  it('a session token opens /proxy only, never the key routes, and --key narrows it', async () => {
    const { endpoint, wallet } = await setup();
    wallet.keys.create({ provider: 'openai', name: 'work', secret: `sk-proj-${'W'.repeat(40)}` });
    const dir = tempDir();
    const script = join(dir, 'child.mjs');
    const resultFile = join(dir, 'result.json');
    await import('node:fs').then((fs) =>
      fs.writeFileSync(
        script,
        `import { writeFileSync } from 'node:fs'; writeFileSync(process.env.RESULT_FILE, JSON.stringify(process.env));`,
      ),
    );
    process.env.RESULT_FILE = resultFile;
    expect(await brokerExec({}, [], ['anthropic'], [process.execPath, script])).toBe(0);
    const env = JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, string>;
    expect(env.ANTHROPIC_API_KEY).toMatch(/^aiks_/);
    expect(env.OPENAI_BASE_URL).toBeUndefined();

    // While a session is live: it works on /proxy for its key only, and not on any key route.
    process.env.AIKEY_TOKEN = wallet.tokens.create({ name: 'parent' }).token;
    const { mintSession } = await import('#cli/commands/broker-exec.js');
    const session = await mintSession({}, ['openai:work']);
    const auth = { Authorization: `Bearer ${session.token}` };
    for (const path of ['/v1/keys/openai?name=work', '/v1/env', '/api/keys', '/v1/whoami']) {
      expect((await rawGet(endpoint.port, path, auth)).status).toBe(401);
    }
    const other = await rawGet(endpoint.port, '/proxy/anthropic/v1/models', { 'x-api-key': session.token });
    expect(other.status).toBe(403);
    expect(other.json).toMatchObject({ type: 'error', error: { type: 'out_of_scope' } });
    expect(brokerEnvironment(endpoint.url, session)).toEqual({
      OPENAI_API_KEY: session.token,
      CV_OPENAI_KEY: session.token,
      OPENAI_BASE_URL: `${endpoint.url}/proxy/openai:work`,
    });
    const groq = {
      id: 'x',
      token: 'aiks_t',
      expiresAt: null,
      routes: [{ provider: 'groq', name: 'default', hub: 'Personal', path: '/proxy/groq' }],
    };
    // Groq's SDK adds /openai/v1 to GROQ_BASE_URL itself: it gets the origin form.
    expect(brokerEnvironment('http://127.0.0.1:1', groq)).toEqual({
      GROQ_API_KEY: 'aiks_t',
      GROQ_BASE_URL: 'http://127.0.0.1:1/proxy-origin/groq',
    });
    // A session whose owner process is gone is dead, revoked or not.
    const orphan = await rawGet(
      endpoint.port,
      '/v1/broker/sessions?pid=999999999',
      { Authorization: `Bearer ${process.env.AIKEY_TOKEN}` },
      { method: 'POST' },
    );
    expect(orphan.status).toBe(201);
    const orphaned = (orphan.json as { token: string }).token;
    const dead = await rawGet(endpoint.port, '/proxy/openai/models', { Authorization: `Bearer ${orphaned}` });
    expect(dead.status).toBe(401);
    // A session cannot mint another.
    const nested = await rawGet(endpoint.port, '/v1/broker/sessions', auth, { method: 'POST' });
    expect(nested.status).toBe(401);
  });
});

describe('aikey run --broker', () => {
  it('brokers the keys an env file references: the variable holds a session token, never the key', async () => {
    const { endpoint, mock, token, wallet } = await setup();
    wallet.keys.create({
      provider: 'openai',
      name: 'work',
      secret: `sk-proj-${'W'.repeat(40)}`,
      baseUrl: `${mock.url}/v1`,
    });
    const dir = tempDir();
    const envFile = join(dir, '.env');
    writeFileSync(envFile, 'OPENAI_API_KEY=aikey://openai/work\nMODEL=gpt-4o-mini\n');
    const script = join(dir, 'child.mjs');
    const resultFile = join(dir, 'result.json');
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
       const answer = await fetch(process.env.OPENAI_BASE_URL + '/chat/completions', {
         method: 'POST',
         headers: { authorization: 'Bearer ' + process.env.OPENAI_API_KEY, 'content-type': 'application/json' },
         body: JSON.stringify({ model: process.env.MODEL, messages: [] }),
       });
       writeFileSync(process.env.RESULT_FILE, JSON.stringify({ env: process.env, status: answer.status }));`,
    );
    process.env.RESULT_FILE = resultFile;
    const code = await runCommand(
      {},
      {
        envFiles: [envFile],
        overload: false,
        masking: 'off',
        command: [process.execPath, script],
        broker: true,
      },
    );
    expect(code).toBe(0);
    const out = JSON.parse(readFileSync(resultFile, 'utf8')) as {
      env: Record<string, string>;
      status: number;
    };
    expect(out.status).toBe(200);
    expect(out.env.OPENAI_API_KEY).toMatch(/^aiks_/);
    expect(out.env.OPENAI_BASE_URL).toBe(`${endpoint.url}/proxy/openai:work`);
    expect(out.env.MODEL).toBe('gpt-4o-mini');
    expect(JSON.stringify(out.env)).not.toContain('W'.repeat(40));
    expect(JSON.stringify(out.env)).not.toContain(token);
    expect(mock.seen.at(-1)?.headers.authorization).toBe(`Bearer sk-proj-${'W'.repeat(40)}`);
  });

  it('needs references to know which keys to broker', async () => {
    await setup();
    const dir = tempDir();
    const envFile = join(dir, '.env');
    writeFileSync(envFile, 'MODEL=gpt-4o-mini\n');
    const failure = await runCommand(
      {},
      { envFiles: [envFile], overload: false, masking: 'off', command: ['true'], broker: true },
    ).catch((error: unknown) => error as { exitCode: number; message: string });
    expect(typeof failure === 'number' ? null : [failure.exitCode, failure.message]).toEqual([
      2,
      'aikey run --broker needs aikey:// references in the env files (or the environment) to know which keys to broker.',
    ]);
  });
});
