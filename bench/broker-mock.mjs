// The benchmark's provider: an OpenAI-style /v1/chat/completions on loopback in its own process, so
// it never shares an event loop with the broker it is measured through. A JSON answer, or with
// "stream": true eight SSE chunks, the first at once and the rest STREAM_GAP_MS apart. Prints its port.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import process from 'node:process';
import { setTimeout } from 'node:timers';

const gap = Number(process.env.STREAM_GAP_MS ?? 2);
const answer = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o-mini',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Hello from the bench.' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
});
const chunk = (content, withUsage) =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]${withUsage ? ',"usage":null' : ''}}\n\n`;

const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    let body = {};
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      // Not JSON: answer as for a plain call.
    }
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
      return;
    }
    const withUsage = body.stream_options?.include_usage === true;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = 0;
    const next = () => {
      if (res.destroyed) return;
      if (sent < 8) {
        res.write(chunk(`word${sent}`, withUsage));
        sent += 1;
        setTimeout(next, gap);
        return;
      }
      if (withUsage)
        res.write(
          'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":8,"total_tokens":17}}\n\n',
        );
      res.end('data: [DONE]\n\n');
    };
    next();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
);
