// Which local process is on the other end of a loopback connection, for "Ask before use" prompts.
// On Linux the kernel says so in /proc: the client's socket is the /proc/net/tcp{,6} row whose local
// port is the connection's remote port and whose remote port is ours; its inode names the socket,
// and the process holding that inode among its file descriptors is the caller. On macOS and Windows
// the prompt asks the socket tables instead (peer-socket-tables.ts). Where none of these says (or
// /proc is unreadable, e.g. another user's process) the caller is "unknown process". Read-only; it
// never throws.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { peerFromSocketTables } from './peer-socket-tables.js';

export interface PeerProcess {
  pid: number | null;
  /** The short process name (/proc/PID/comm), or null when unknown. */
  name: string | null;
  /** The executable's path, or null when unknown. */
  exe: string | null;
}

export const UNKNOWN_PEER: PeerProcess = { pid: null, name: null, exe: null };

const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');

function socketInode(clientPort: number, serverPort: number, procRoot: string): string | null {
  const local = `:${hexPort(clientPort)}`;
  const remote = `:${hexPort(serverPort)}`;
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`${procRoot}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      if (fields[1]!.endsWith(local) && fields[2]!.endsWith(remote) && fields[9] !== '0') return fields[9]!;
    }
  }
  return null;
}

function holderOf(inode: string, procRoot: string): number | null {
  const wanted = `socket:[${inode}]`;
  // Newest processes first: a caller is usually a program just started (a CLI, a script), so the
  // scan most often ends after a few processes instead of reading every descriptor on the system.
  const pids = readdirSync(procRoot)
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a));
  for (const entry of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`${procRoot}/${entry}/fd/${fd}`) === wanted) return Number(entry);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return null;
}

/** The process that owns the client end of a loopback TCP connection, as far as the OS tells. */
export function peerProcess(
  clientPort: number | undefined,
  serverPort: number,
  platform: NodeJS.Platform = process.platform,
  procRoot = '/proc',
  /** Elsewhere than Linux, also ask the socket tables (slow: for a prompt, not for every request). */
  socketTables = false,
): PeerProcess {
  if (clientPort === undefined) return UNKNOWN_PEER;
  if (platform !== 'linux') {
    return (socketTables ? peerFromSocketTables(clientPort, serverPort, platform) : null) ?? UNKNOWN_PEER;
  }
  try {
    const inode = socketInode(clientPort, serverPort, procRoot);
    const pid = inode === null ? null : holderOf(inode, procRoot);
    if (pid === null) return UNKNOWN_PEER;
    const read = (what: () => string) => {
      try {
        return what();
      } catch {
        return null;
      }
    };
    return {
      pid,
      name: read(() => readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trim()),
      exe: read(() => readlinkSync(`${procRoot}/${pid}/exe`)),
    };
  } catch {
    return UNKNOWN_PEER;
  }
}
