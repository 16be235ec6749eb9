// Two HTTP clients on bare sockets, so a trust run controls every byte: exchange() sends whatever it is
// given (malformed, slow, pipelined, half-closed) and returns whatever came back; KeepAliveClient
// sends well-formed GETs on one kept-alive connection and times each answer.
import { connect, type Socket } from 'node:net';

export interface Exchange {
  data: Buffer;
  /** How the connection ended: the server closed it, it reset, or our own deadline passed. */
  ending: 'closed' | 'reset' | 'timeout';
}

export interface ExchangeOptions {
  /** Pause between chunks (a slow client). */
  delayMs?: number;
  /** Half-close after the last chunk (default true): the server sees EOF and must answer or close. */
  halfClose?: boolean;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends raw bytes to 127.0.0.1:port and collects the reply until the connection ends. */
export function exchange(port: number, chunks: Buffer[], options: ExchangeOptions = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    let settled = false;
    const finish = (ending: Exchange['ending']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(received), ending });
    };
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish('closed'));
    socket.once('connect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (settled || socket.destroyed) return;
          socket.write(chunk);
          if (options.delayMs) await sleep(options.delayMs);
        }
        if (options.halfClose !== false && !socket.destroyed) socket.end();
      })();
    });
  });
}

/** Every status code in a reply (pipelined requests get several answers on one connection). */
export function statusCodes(data: Buffer): number[] {
  const codes: number[] = [];
  for (const match of data.toString('latin1').matchAll(/HTTP\/1\.[01] (\d{3}) /g))
    codes.push(Number(match[1]));
  return codes;
}

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

const ANSWER_TIMEOUT_MS = 10_000;

/** One kept-alive HTTP/1.1 connection for well-formed GETs, one at a time. */
export class KeepAliveClient {
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void; started: number } | null =
    null;

  constructor(private readonly port: number) {}

  get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${this.port}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    const request = `${lines.join('\r\n')}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      // Bounded: a server that stops answering fails the request instead of hanging the run.
      const timer = setTimeout(() => {
        this.waiting = null;
        this.close();
        reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`));
      }, ANSWER_TIMEOUT_MS);
      const done =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          settle(value);
        };
      this.waiting = { resolve: done(resolve), reject: done(reject), started: performance.now() };
      this.connection().write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connection(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect({ host: '127.0.0.1', port: this.port });
    socket.setNoDelay(true);
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const fail = () => {
      // A socket we already let go of (Connection: close) has no request of ours waiting.
      if (this.socket !== socket) return;
      this.socket = null;
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(new Error('the connection closed before an answer'));
    };
    socket.on('error', fail);
    socket.on('close', fail);
    this.socket = socket;
    return socket;
  }

  private parse(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve({ status, body, ms: performance.now() - waiting.started });
    if (/\r\nconnection: *close/i.test(head)) this.close();
  }
}
