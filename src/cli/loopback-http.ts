// One GET to the wallet's loopback endpoint over a plain socket. Loading node:http costs each fetch
// command about 30 ms and 13 MB before it sends a byte (measured in bench/cli.bench.ts), and the
// commands run in loops. The endpoint answers HTTP/1.1 with a Content-Length and closes when asked
// to, so the status line, the headers and a body of that length are all there is to read.
// Only ever pointed at the loopback address endpointUrl() checked; nothing here follows redirects.
import { connect } from 'node:net';

export interface LoopbackAnswer {
  status: number;
  body: string;
}

const UNSAFE = /[\r\n\0]/;

export function loopbackGet(
  base: URL,
  path: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<LoopbackAnswer> {
  return new Promise((resolve, reject) => {
    const lines = [`GET ${path} HTTP/1.1`, `Host: ${base.host}`, 'Connection: close'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    if (lines.some((line) => UNSAFE.test(line))) {
      reject(new Error('A request line or header holds a line break.'));
      return;
    }
    const socket = connect({ host: base.hostname.replace(/^\[|\]$/g, ''), port: Number(base.port || 80) });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const head = split < 0 ? '' : raw.subarray(0, split).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      const length = /\r\ncontent-length: *(\d+)\r?$/im.exec(head)?.[1];
      // Node's own refusals (400, 431) may come without a length: their body runs to the close.
      const body = raw.subarray(split + 4);
      const size = length === undefined ? body.length : Number(length);
      if (status === undefined || body.length < size) {
        reject(new Error('The answer was cut off or is not HTTP/1.1.'));
        return;
      }
      resolve({ status: Number(status), body: body.subarray(0, size).toString('utf8') });
    });
  });
}
