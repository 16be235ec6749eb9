// Session tokens for `aikey exec --broker`: minted from the caller's own token for one child
// process, accepted only on /proxy (never on the key routes, so the child cannot fetch a real key),
// and dead the moment the run ends: the CLI revokes it when the child exits, the owner process
// going away kills it too (a SIGKILLed `aikey exec` cannot revoke), and an expiry backstops both.
// They live in this endpoint's memory only: a restarted endpoint has none.
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_PREFIX = 'aiks_';
const SESSION_PATTERN = /^aiks_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;
export const MAX_SESSION_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_SESSIONS = 256;

/** A key the session is pinned to for one provider (from `exec --broker --key`). */
export interface PinnedKey {
  provider: string;
  name: string;
  hub: string | null;
}

export interface BrokerSession {
  id: string;
  /** The parent token's value: every use re-checks it, so revoking the parent kills the session. */
  parentToken: string;
  parentId: string;
  /** null: the parent's own scope; else only these keys, one per provider. */
  pinned: PinnedKey[] | null;
  ownerPid: number | null;
  expiresAt: number;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class BrokerSessions {
  private readonly byDigest = new Map<string, BrokerSession>();

  constructor(private readonly now: () => number) {}

  mint(session: Omit<BrokerSession, 'id'>): { session: BrokerSession; token: string } {
    this.sweep();
    if (this.byDigest.size >= MAX_SESSIONS) {
      throw new RangeError('too many sessions');
    }
    const id = randomBytes(10).toString('hex').slice(0, 16);
    const token = `${SESSION_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
    const full: BrokerSession = { ...session, id };
    this.byDigest.set(digest(token), full);
    return { session: full, token };
  }

  /** The live session a presented value names, or null (unknown, expired, or its owner is gone). */
  resolve(presented: string): BrokerSession | null {
    if (!SESSION_PATTERN.test(presented)) return null;
    const key = digest(presented);
    const session = this.byDigest.get(key);
    if (!session) return null;
    if (!this.alive(session)) {
      this.byDigest.delete(key);
      return null;
    }
    return session;
  }

  /** Revokes a session minted by the given parent token; false when there is none. */
  revoke(id: string, parentId: string): boolean {
    for (const [key, session] of this.byDigest) {
      if (session.id === id && session.parentId === parentId) {
        this.byDigest.delete(key);
        return true;
      }
    }
    return false;
  }

  get size(): number {
    this.sweep();
    return this.byDigest.size;
  }

  clear(): void {
    this.byDigest.clear();
  }

  private alive(session: BrokerSession): boolean {
    return session.expiresAt > this.now() && (session.ownerPid === null || processAlive(session.ownerPid));
  }

  private sweep(): void {
    for (const [key, session] of this.byDigest) if (!this.alive(session)) this.byDigest.delete(key);
  }
}
