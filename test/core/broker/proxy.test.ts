// The broker on a real endpoint against a mock provider on loopback: what is forwarded, what comes
// back, and what is recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_KEYS } from '../../helpers/temp-wallet.js';
import { errorCode, rawGet } from '../../helpers/http.js';
import { brokerFixture } from '../../helpers/broker-fixture.js';
import { chatStream, messageStream, MOCK_USAGE } from '../../helpers/mock-provider.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const setup = () => brokerFixture(running);

const post = (port: number, path: string, headers: Record<string, string>, body: unknown) =>
  rawGet(
    port,
    path,
    { 'content-type': 'application/json', ...headers },
    { method: 'POST', body: JSON.stringify(body) },
  );

describe('broker: forwarding', () => {
  it('forwards the path and query unchanged to the key base URL, with the real key in place of the token', async () => {
    const { port, mock, token } = await setup();
    const res = await rawGet(port, '/proxy/openai/models?limit=2&after=x%20y', {
      Authorization: `Bearer ${token}`,
      'x-custom': 'kept',
      Connection: 'keep-alive, x-drop-me',
      'x-drop-me': 'hop',
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe(mock.sent[0]);
    const seen = mock.seen[0]!;
    expect(seen.url).toBe('/v1/models?limit=2&after=x%20y');
    expect(seen.headers.authorization).toBe(`Bearer ${SAMPLE_KEYS.openai}`);
    expect(seen.headers['x-custom']).toBe('kept');
    expect(seen.headers['x-drop-me']).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(token);
  });

  it('takes the Anthropic token from x-api-key (or Bearer) and sends the key only in x-api-key', async () => {
    const { port, mock, token } = await setup();
    const res = await post(
      port,
      '/proxy/anthropic/v1/messages',
      { 'x-api-key': token },
      { model: 'claude', max_tokens: 5 },
    );
    expect(res.status).toBe(200);
    const bearerCall = await post(
      port,
      '/proxy/anthropic/v1/messages',
      { Authorization: `Bearer ${token}` },
      { model: 'c' },
    );
    expect(bearerCall.status).toBe(200);
    for (const seen of mock.seen) {
      expect(seen.headers['x-api-key']).toBe(SAMPLE_KEYS.anthropic);
      expect(seen.headers.authorization).toBeUndefined();
    }
  });

  it('streams an OpenAI completion, asking for usage and taking it out again', async () => {
    const { port, mock, token, wallet, tokenId, endpoint } = await setup();
    const res = await post(
      port,
      '/proxy/openai/chat/completions',
      { Authorization: `Bearer ${token}` },
      {
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      },
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(mock.seen[0]!.body)).toMatchObject({ stream_options: { include_usage: true } });
    // Exactly the stream the client would have had without include_usage.
    expect(res.body).toBe(chatStream(false).join(''));
    await endpoint.close();
    running.splice(running.indexOf(endpoint), 1);
    const [call] = wallet.tokens.calls.callsOf(tokenId);
    expect(call).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 200,
      inputTokens: MOCK_USAGE.prompt_tokens,
      outputTokens: MOCK_USAGE.completion_tokens,
      streamed: true,
    });
  });

  it('passes a stream that asked for usage through untouched, and records Anthropic stream usage', async () => {
    const { port, token, wallet, tokenId, endpoint } = await setup();
    const asked = await post(
      port,
      '/proxy/openai/chat/completions',
      { Authorization: `Bearer ${token}` },
      {
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
      },
    );
    expect(asked.body).toBe(chatStream(true).join(''));
    const anthropic = await post(
      port,
      '/proxy/anthropic/v1/messages',
      { 'x-api-key': token },
      { model: 'c', stream: true },
    );
    expect(anthropic.body).toBe(messageStream().join(''));
    await endpoint.close();
    running.splice(running.indexOf(endpoint), 1);
    const calls = wallet.tokens.calls.callsOf(tokenId);
    expect(calls.map((c) => [c.provider, c.inputTokens, c.outputTokens])).toEqual([
      ['openai', 11, 7],
      ['anthropic', 21, 9],
    ]);
  });

  it('never follows a redirect: a Location elsewhere is removed, one on the base URL maps to /proxy', async () => {
    const { port, token } = await setup();
    const away = await rawGet(port, '/proxy/openai/redirect-away', { Authorization: `Bearer ${token}` });
    expect(away.status).toBe(302);
    expect(away.headers.location).toBeUndefined();
    const home = await rawGet(port, '/proxy/openai/redirect-home', { Authorization: `Bearer ${token}` });
    expect(home.status).toBe(307);
    expect(home.headers.location).toBe('/proxy/openai/models?page=2');
  });

  it('the origin form serves SDKs that add the base path themselves (Groq), only under the base URL', async () => {
    const { port, mock, token, wallet } = await setup();
    wallet.keys.create({ provider: 'groq', secret: SAMPLE_KEYS.groq, baseUrl: `${mock.url}/openai/v1` });
    const res = await rawGet(port, '/proxy-origin/groq/openai/v1/models?x=1', {
      Authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(404);
    expect(mock.seen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/openai/v1/models?x=1', `Bearer ${SAMPLE_KEYS.groq}`],
    ]);
    const outside = await rawGet(port, '/proxy-origin/groq/v1/models', { Authorization: `Bearer ${token}` });
    expect(outside.status).toBe(400);
    expect(mock.seen).toHaveLength(1);
  });

  it('refuses dot segments that would climb out of the base URL', async () => {
    const { port, token, mock } = await setup();
    for (const path of ['/proxy/openai/../v1/models', '/proxy/openai/%2e%2e/x', '/proxy/openai/./models']) {
      const res = await rawGet(port, path, { Authorization: `Bearer ${token}` });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    expect(mock.seen).toEqual([]);
  });

  it('answers an unreachable provider with 502 in the provider error shape', async () => {
    const { port, token, wallet } = await setup();
    wallet.keys.create({
      provider: 'openai',
      name: 'dead',
      secret: SAMPLE_KEYS.openai,
      baseUrl: 'http://127.0.0.1:1/v1',
    });
    const res = await rawGet(port, '/proxy/openai:dead/models', { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(502);
    expect(res.json).toMatchObject({ error: { type: 'bad_gateway', code: 'bad_gateway' } });
    expect(errorCode(res)).toBe('bad_gateway');
  });
});
