// The caller named in an "Ask before use" prompt: the process at the other end of the loopback
// connection, read from /proc on Linux; "unknown" elsewhere.
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { peerProcess, UNKNOWN_PEER } from '#core/endpoint/peer-process.js';

describe('peerProcess', () => {
  it.runIf(process.platform === 'linux')(
    'names the child process that connected: pid, name and executable',
    async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
      const child = spawn(process.execPath, [
        '-e',
        `require('node:net').connect(${port}, '127.0.0.1'); setTimeout(() => {}, 10000)`,
      ]);
      const socket = await accepted;
      const peer = peerProcess(socket.remotePort, port);
      child.kill();
      socket.destroy();
      server.close();
      expect(peer).toEqual({ pid: child.pid, name: 'node', exe: process.execPath });
    },
  );

  it('says "unknown" on other systems and for a port nobody holds', () => {
    expect(peerProcess(1234, 5678, 'darwin')).toEqual(UNKNOWN_PEER);
    expect(peerProcess(undefined, 5678, 'linux')).toEqual(UNKNOWN_PEER);
    expect(peerProcess(1, 2, 'linux')).toEqual(UNKNOWN_PEER);
  });
});
