// The broker benchmark's ceiling: the least a Node.js reverse proxy can do, with node:http on both
// sides and a keep-alive agent, and no checks, no key, no usage reading and no bookkeeping. Whatever
// it reaches on this machine is as far as any proxy written on node:http can go here, so the broker
// is reported against it as well as against direct. Forwards every request to BENCH_UPSTREAM with
// the same path; prints {"port"} on stdout.
import { Buffer } from 'node:buffer';
import { Agent, createServer, request } from 'node:http';
import process from 'node:process';
import { URL } from 'node:url';

const upstream = new URL(process.env.BENCH_UPSTREAM ?? '');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const HOP = new Set(['connection', 'keep-alive', 'host', 'transfer-encoding', 'content-length']);

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name)) headers[name] = value;
    headers['content-length'] = String(body.length);
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: `${upstream.pathname.replace(/\/$/, '')}${req.url}`,
        method: req.method,
        headers,
        agent,
      },
      (upRes) => {
        const out = {};
        for (const [name, value] of Object.entries(upRes.headers)) if (!HOP.has(name)) out[name] = value;
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    up.end(body);
  });
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
);
