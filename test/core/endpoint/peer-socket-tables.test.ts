// The macOS and Windows callers for the "Ask before use" prompt, read from the socket tables: the
// parsers, against output captured from lsof, netstat and tasklist (the tools cannot run here).
import { describe, expect, it } from 'vitest';
import {
  parseLsof,
  parseNetstat,
  parseTasklist,
  peerFromSocketTables,
} from '#core/endpoint/peer-socket-tables.js';

// `lsof -nP -iTCP@127.0.0.1:53122 -Fpcn` on macOS: the wallet's accepted socket and the client's.
const LSOF = [
  'p812',
  'cAIKey Wallet',
  'f41',
  'n127.0.0.1:47821->127.0.0.1:53122',
  'p9031',
  'cpython3.12',
  'f5',
  'n127.0.0.1:53122->127.0.0.1:47821',
  '',
].join('\n');

// `netstat -ano -p TCP` on Windows.
const NETSTAT = [
  '',
  'Active Connections',
  '',
  '  Proto  Local Address          Foreign Address        State           PID',
  '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044',
  '  TCP    127.0.0.1:47821        0.0.0.0:0              LISTENING       6120',
  '  TCP    127.0.0.1:47821        127.0.0.1:53122        ESTABLISHED     6120',
  '  TCP    127.0.0.1:53122        127.0.0.1:47821        ESTABLISHED     7712',
  '',
].join('\r\n');

describe('socket tables', () => {
  it('lsof: the process whose socket starts at the client port, toward ours', () => {
    expect(parseLsof(LSOF, 53122, 47821)).toEqual({ pid: 9031, name: 'python3.12' });
    expect(parseLsof(LSOF, 53123, 47821)).toBeNull();
    expect(parseLsof('', 53122, 47821)).toBeNull();
  });

  it('netstat: the pid whose local address is the client port, never the wallet itself', () => {
    expect(parseNetstat(NETSTAT, 53122, 47821)).toBe(7712);
    expect(parseNetstat(NETSTAT, 47821, 53122)).toBe(6120);
    expect(parseNetstat(NETSTAT, 1, 2)).toBeNull();
  });

  it('tasklist: the image name', () => {
    expect(parseTasklist('"node.exe","7712","Console","1","48,120 K"\r\n')).toBe('node.exe');
    expect(parseTasklist('INFO: No tasks are running which match the specified criteria.')).toBeNull();
  });

  it('says nothing on Linux (it has /proc) or where the tools give nothing', () => {
    expect(peerFromSocketTables(1, 2, 'linux')).toBeNull();
    expect(peerFromSocketTables(1, 2, 'freebsd')).toBeNull();
  });
});
