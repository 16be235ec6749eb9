// The desktop's "Ask before use" gate. A request made with a token that asks waits here until the
// user answers a prompt in the window (Allow once, Allow for N minutes, Deny) or the timeout passes.
// Prompts are keyed by token and caller (the executable's path, or "unknown" where the OS does not
// say), and every request from that caller waits on the one prompt already open, so a coding agent
// firing many calls sees one prompt, not a storm. A grant lets that caller use the token until it
// expires or the user revokes it; grants live in memory only and end with a lock or a restart.
// Plain Node, with the clock and timers passed in, so the logic is tested without Electron or waits.
import { randomBytes } from 'node:crypto';
import type { ApprovalAnswer, ApprovalGrant, ApprovalPrompt, Caller } from '#shared/schemas/approvals.js';
import type { ApprovalGate, ApprovalRequest } from '#core/endpoint/approval-gate.js';
import { EndpointError } from '#core/endpoint/responses.js';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 60_000;

export interface ApprovalsOptions {
  /** A prompt opened: show it (the window's approvals:prompt event). */
  onPrompt(prompt: ApprovalPrompt): void;
  /** A prompt was answered or timed out: take it down (approvals:settled). */
  onSettled(id: string): void;
  /** How long a request waits for an answer before it gets approval_denied. */
  timeoutMs?: number;
  now?: () => number;
  /** setTimeout by default; tests pass a manual scheduler. Returns a cancel function. */
  schedule?: (run: () => void, ms: number) => () => void;
}

interface Pending {
  prompt: ApprovalPrompt;
  callerKey: string;
  wait: Promise<void>;
  allow(): void;
  refuse(error: EndpointError): void;
  cancelTimer(): void;
}

const newId = () => randomBytes(9).toString('base64url');

function defaultSchedule(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  // A prompt the user never answers must not keep the app from quitting.
  timer.unref();
  return () => clearTimeout(timer);
}

/** One caller of one token: the same executable, or every caller the OS could not name. */
function callerKeyOf(tokenId: string, caller: Caller): string {
  return `${tokenId}\u0000${caller.exe ?? 'unknown'}`;
}

export function callerLabel(caller: Caller): string {
  if (caller.pid === null) return 'an unknown process';
  return `${caller.name ?? 'a process'} (pid ${caller.pid}${caller.exe ? `, ${caller.exe}` : ''})`;
}

export class DesktopApprovals implements ApprovalGate {
  private readonly pendingByCaller = new Map<string, Pending>();
  private readonly grantsById = new Map<string, ApprovalGrant & { callerKey: string }>();
  private readonly now: () => number;
  private readonly schedule: (run: () => void, ms: number) => () => void;
  private readonly timeoutMs: number;

  constructor(private readonly options: ApprovalsOptions) {
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? defaultSchedule;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
  }

  check(request: ApprovalRequest): Promise<void> {
    const callerKey = callerKeyOf(request.token.id, request.caller);
    if (this.grantFor(callerKey)) return Promise.resolve();
    const open = this.pendingByCaller.get(callerKey);
    if (open) {
      open.prompt = { ...open.prompt, waiting: open.prompt.waiting + 1 };
      return open.wait;
    }
    return this.open(request, callerKey).wait;
  }

  /** The user's answer; an answer to a prompt that already timed out changes nothing. */
  answer(answer: ApprovalAnswer): void {
    const pending = [...this.pendingByCaller.values()].find((p) => p.prompt.id === answer.id);
    if (!pending) return;
    if (answer.verdict === 'deny') {
      pending.refuse(
        new EndpointError('approval_denied', 'The user denied this program the use of this token.'),
      );
      return;
    }
    if (answer.verdict === 'minutes') {
      const grantedAt = this.now();
      const id = newId();
      this.grantsById.set(id, {
        id,
        tokenId: pending.prompt.tokenId,
        caller: pending.prompt.caller,
        grantedAt,
        expiresAt: grantedAt + answer.minutes * 60_000,
        callerKey: pending.callerKey,
      });
    }
    pending.allow();
  }

  /** The prompts waiting for an answer (a window that opens or reloads shows them). */
  pending(): ApprovalPrompt[] {
    return [...this.pendingByCaller.values()].map((p) => p.prompt);
  }

  /** The live grants, of one token or all; expired ones are dropped on the way. */
  grants(tokenId?: string): ApprovalGrant[] {
    const now = this.now();
    const live: ApprovalGrant[] = [];
    for (const [id, grant] of this.grantsById) {
      if (grant.expiresAt <= now) this.grantsById.delete(id);
      else if (tokenId === undefined || grant.tokenId === tokenId) {
        const { callerKey: _key, ...shown } = grant;
        live.push(shown);
      }
    }
    return live.sort((a, b) => a.grantedAt - b.grantedAt);
  }

  /** Ends a grant at once: that caller's next request asks again. Unknown ids change nothing. */
  revoke(grantId: string): void {
    this.grantsById.delete(grantId);
  }

  /** On lock and quit: every grant ends and every waiting request is refused. */
  clear(): void {
    this.grantsById.clear();
    for (const pending of [...this.pendingByCaller.values()]) {
      pending.refuse(new EndpointError('approval_denied', 'The wallet was locked before the user answered.'));
    }
  }

  private grantFor(callerKey: string): boolean {
    const now = this.now();
    for (const grant of this.grantsById.values()) {
      if (grant.callerKey === callerKey && grant.expiresAt > now) return true;
    }
    return false;
  }

  private open(request: ApprovalRequest, callerKey: string): Pending {
    let allow!: () => void;
    let refuse!: (error: EndpointError) => void;
    const wait = new Promise<void>((resolve, reject) => {
      allow = resolve;
      refuse = reject;
    });
    const prompt: ApprovalPrompt = {
      id: newId(),
      tokenId: request.token.id,
      tokenName: request.token.name,
      tokenMasked: request.token.masked,
      key: request.key,
      caller: request.caller,
      waiting: 1,
      expiresAt: this.now() + this.timeoutMs,
    };
    const settle = () => {
      pending.cancelTimer();
      if (this.pendingByCaller.get(callerKey) !== pending) return false;
      this.pendingByCaller.delete(callerKey);
      this.options.onSettled(prompt.id);
      return true;
    };
    const pending: Pending = {
      prompt,
      callerKey,
      wait,
      allow: () => {
        if (settle()) allow();
      },
      refuse: (error) => {
        if (settle()) refuse(error);
      },
      cancelTimer: () => undefined,
    };
    this.pendingByCaller.set(callerKey, pending);
    pending.cancelTimer = this.schedule(() => {
      const seconds = Math.round(this.timeoutMs / 1000);
      pending.refuse(
        new EndpointError(
          'approval_denied',
          `No one allowed this program to use this token within ${seconds} s.`,
        ),
      );
    }, this.timeoutMs);
    this.options.onPrompt(prompt);
    return pending;
  }
}
