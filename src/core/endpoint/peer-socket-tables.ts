// The caller of a loopback connection on macOS and Windows, where there is no /proc: the system's
// socket tables, read through the tools every install has (`lsof` and `ps` on macOS, `netstat` and
// `tasklist` on Windows). The parsers are pure and tested against captured output; running the tools
// costs tens of milliseconds, so only the "Ask before use" prompt asks for it, never every request.
// Nothing here throws: a tool that is missing or says nothing means "unknown process".
import { execFileSync } from 'node:child_process';
import type { PeerProcess } from './peer-process.js';

/**
 * `lsof -nP -iTCP@127.0.0.1:PORT -Fpcn` output: the process whose socket's local end is the
 * client's port (`n127.0.0.1:CLIENT->127.0.0.1:SERVER`). Its name comes from the `c` field.
 */
export function parseLsof(
  output: string,
  clientPort: number,
  serverPort: number,
): { pid: number; name: string } | null {
  let pid: number | null = null;
  let name = '';
  for (const line of output.split('\n')) {
    const field = line.charAt(0);
    const value = line.slice(1).trim();
    if (field === 'p') pid = Number(value);
    else if (field === 'c') name = value;
    else if (field === 'n' && pid !== null) {
      const match = /:(\d+)->(?:\[::1\]|127\.0\.0\.1|localhost):(\d+)$/.exec(value);
      if (match && Number(match[1]) === clientPort && Number(match[2]) === serverPort) return { pid, name };
    }
  }
  return null;
}

/** `netstat -ano -p TCP` output: the pid whose local address is the client's port, talking to ours. */
export function parseNetstat(output: string, clientPort: number, serverPort: number): number | null {
  for (const line of output.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || fields[0] !== 'TCP') continue;
    const local = /:(\d+)$/.exec(fields[1] ?? '');
    const remote = /:(\d+)$/.exec(fields[2] ?? '');
    if (local && remote && Number(local[1]) === clientPort && Number(remote[1]) === serverPort) {
      const pid = Number(fields[4]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    }
  }
  return null;
}

/** `tasklist /FI "PID eq N" /FO CSV /NH` output: the image name, first column. */
export function parseTasklist(output: string): string | null {
  const match = /^"([^"]+)"/.exec(output.trim());
  return match?.[1] ?? null;
}

const run = (file: string, args: string[]): string | null => {
  try {
    return execFileSync(file, args, {
      encoding: 'utf8',
      timeout: 2_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
};

export function peerFromSocketTables(
  clientPort: number,
  serverPort: number,
  platform: NodeJS.Platform,
): PeerProcess | null {
  if (platform === 'darwin') {
    const found = parseLsof(
      run('lsof', ['-nP', `-iTCP@127.0.0.1:${clientPort}`, '-Fpcn']) ?? '',
      clientPort,
      serverPort,
    );
    if (!found) return null;
    const exe = run('ps', ['-o', 'comm=', '-p', String(found.pid)])?.trim() || null;
    return { pid: found.pid, name: found.name || null, exe };
  }
  if (platform === 'win32') {
    const pid = parseNetstat(run('netstat', ['-ano', '-p', 'TCP']) ?? '', clientPort, serverPort);
    if (pid === null) return null;
    const name = parseTasklist(run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']) ?? '');
    return { pid, name, exe: null };
  }
  return null;
}
