// Load generator for the endpoint benchmark, run as its own process so client and server do not
// share an event loop. Keeps `concurrency` keep-alive connections busy for `durationMs` and prints
// {latenciesMs summary, requests, seconds, errors} as JSON. The token arrives on stdin, never argv.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { URL } from 'node:url';

const [url, concurrencyText, durationText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const durationMs = Number(durationText);
let token = '';
for await (const chunk of process.stdin) token += chunk;
token = token.trim();

const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let errors = 0;

function once() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        headers: { Authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
          else errors += 1;
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors += 1;
      resolve();
    });
    req.end();
  });
}

async function loop(deadline) {
  while (performance.now() < deadline) await once();
}

// Warm up the connections and the server's caches first.
await Promise.all(Array.from({ length: concurrency }, () => loop(performance.now() + 300)));
latencies.length = 0;
errors = 0;
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, () => loop(started + durationMs)));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
process.stdout.write(
  JSON.stringify({ requests: latencies.length, errors, seconds, p50: at(50), p99: at(99) }),
);
agent.destroy();
