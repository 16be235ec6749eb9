// A fake provider API on loopback for broker tests and the broker benchmark: OpenAI-style chat
// completions (plain, streamed, tool call), embeddings and a model list; Anthropic-style messages
// (plain and streamed). It remembers every request it saw (headers and body) and every response body
// it sent, byte for byte, so a test can say what the client received is exactly what it sent.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface MockProvider {
  port: number;
  url: string;
  seen: SeenRequest[];
  /** Response bodies in the order they were sent. */
  sent: string[];
  /** Streams whose client went away before the last event. */
  aborted: number;
  server: Server;
  close(): Promise<void>;
}

export const MOCK_USAGE = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
export const MOCK_ANTHROPIC_USAGE = { input: 21, output: 9 };

function chatChunk(
  id: string,
  delta: Record<string, unknown>,
  finish: string | null,
  withUsageNull: boolean,
): string {
  const base = `{"id":"${id}","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]`;
  return `data: ${base}${withUsageNull ? ',"usage":null' : ''}}\n\n`;
}

/** The stream a client gets; with include_usage, each chunk gains "usage":null and a last usage chunk. */
export function chatStream(includeUsage: boolean, words = ['Hello', ' from', ' the', ' mock']): string[] {
  const id = 'chatcmpl-mock1';
  const events = [chatChunk(id, { role: 'assistant', content: '' }, null, includeUsage)];
  for (const word of words) events.push(chatChunk(id, { content: word }, null, includeUsage));
  events.push(chatChunk(id, {}, 'stop', includeUsage));
  if (includeUsage) {
    events.push(
      `data: {"id":"${id}","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[],"usage":${JSON.stringify(MOCK_USAGE)}}\n\n`,
    );
  }
  events.push('data: [DONE]\n\n');
  return events;
}

function chatCompletion(tools: boolean): string {
  const message = tools
    ? {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      }
    : { role: 'assistant', content: 'Hello from the mock.' };
  return JSON.stringify({
    id: 'chatcmpl-mock2',
    object: 'chat.completion',
    created: 1700000000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message, finish_reason: tools ? 'tool_calls' : 'stop' }],
    usage: MOCK_USAGE,
  });
}

const EMBEDDINGS = JSON.stringify({
  object: 'list',
  data: [{ object: 'embedding', index: 0, embedding: [0.25, -0.5, 0.125] }],
  model: 'text-embedding-3-small',
  usage: { prompt_tokens: 5, total_tokens: 5 },
});

const MESSAGE = JSON.stringify({
  id: 'msg_mock1',
  type: 'message',
  role: 'assistant',
  model: 'claude-test-model',
  content: [{ type: 'text', text: 'Hello from the mock.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: MOCK_ANTHROPIC_USAGE.input, output_tokens: MOCK_ANTHROPIC_USAGE.output },
});

export function messageStream(): string[] {
  const sse = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_mock2',
        type: 'message',
        role: 'assistant',
        model: 'claude-test-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: MOCK_ANTHROPIC_USAGE.input, output_tokens: 1 },
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    sse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'Hello' },
    }),
    sse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: ' there' },
    }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: MOCK_ANTHROPIC_USAGE.output },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}

export async function startMockProvider(options: { chunkDelayMs?: number } = {}): Promise<MockProvider> {
  const seen: SeenRequest[] = [];
  const sent: string[] = [];
  const mock = { seen, sent, aborted: 0 } as MockProvider;
  const delay = options.chunkDelayMs ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // A GET, or a body the test sent on purpose.
      }
      const path = (req.url ?? '').split('?')[0];
      const json = (status: number, payload: string, headers: Record<string, string> = {}) => {
        sent.push(payload);
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_mock', ...headers });
        res.end(payload);
      };
      const stream = (events: string[]) => {
        sent.push(events.join(''));
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        let i = 0;
        res.on('close', () => {
          if (!res.writableFinished) mock.aborted += 1;
        });
        const next = () => {
          if (res.destroyed) return;
          if (i >= events.length) return void res.end();
          res.write(events[i++]);
          if (delay > 0) setTimeout(next, delay);
          else setImmediate(next);
        };
        next();
      };
      if (path === '/v1/chat/completions') {
        if (parsed.stream === true) {
          const options = parsed.stream_options as { include_usage?: boolean } | undefined;
          stream(chatStream(options?.include_usage === true));
        } else json(200, chatCompletion(Array.isArray(parsed.tools)));
      } else if (path === '/v1/embeddings') json(200, EMBEDDINGS);
      else if (path === '/v1/messages') {
        if (parsed.stream === true) stream(messageStream());
        else json(200, MESSAGE);
      } else if (path === '/v1/models') json(200, '{"object":"list","data":[]}');
      else if (path === '/v1/redirect-away') json(302, '{}', { location: 'https://evil.example/steal' });
      else if (path === '/v1/redirect-home') json(307, '{}', { location: `/v1/models?page=2` });
      else if (path === '/v1/hang') {
        // Never answers: the broker's upstream timeout has to end it.
      } else json(404, '{"error":{"message":"no such mock route"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  Object.assign(mock, {
    port,
    url: `http://127.0.0.1:${port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return mock;
}
