// "Ask before use": before a request made with a token that asks is answered, the endpoint names
// the token, what is asked for and the calling process to an ApprovalGate and waits for its verdict.
// The desktop's gate asks the user (src/desktop/approvals.ts); without a gate (`aikey serve`, which
// has no one to ask) such a token is refused with approval_unavailable, never let through.
// A session token minted by the broker was approved when it was minted (it dies with its child), so
// its /proxy calls do not ask again; revoking a session asks nothing either. Only the approval is
// waited for here: server.ts then runs the request from the top (token, lock and scope re-checked).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProviderId } from '#shared/providers.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import type { Wallet } from '../wallet.js';
import type { Authentication } from '../tokens/token-store.js';
import { SESSION_PREFIX } from '../broker/sessions.js';
import { SESSIONS_PATH } from '../broker/session-routes.js';
import { presentedToken, providerErrorBody } from '../broker/provider-wire.js';
import { parseTarget } from '../broker/proxy-target.js';
import { peerProcess, type PeerProcess } from './peer-process.js';
import { asEndpointError, EndpointError, sendError, sendJson } from './responses.js';

export interface ApprovalRequest {
  token: Pick<TokenSummary, 'id' | 'name' | 'masked'>;
  /** What the caller asks for, in words (a key, the key list, a broker session); never a value. */
  key: string;
  caller: PeerProcess;
}

/** Resolves when the use is approved; rejects with an EndpointError (approval_denied) otherwise. */
export interface ApprovalGate {
  check(request: ApprovalRequest): Promise<void>;
}

/** The gate of an endpoint with no one to ask (`aikey serve`). */
export const NO_ONE_TO_ASK: ApprovalGate = {
  check: () =>
    Promise.reject(
      new EndpointError(
        'approval_unavailable',
        'This token is set to "Ask before use", and `aikey serve` has no one to ask. ' +
          'Use it while the desktop app serves the endpoint, or turn "Ask before use" off.',
      ),
    ),
};

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  return /^Bearer +(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

/** The words for what a request asks for, from its path only (no secret is ever in it). */
export function describeUse(url: URL): string {
  const path = url.pathname;
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const name = url.searchParams.get('name') ?? 'default';
  if (segments[0] === 'v1' && segments[1] === 'keys' && segments.length === 3)
    return `${segments[2]} key "${name}"`;
  if (segments[0] === 'api' && segments[2] === 'provider' && segments[3])
    return `${segments[3]} key "default"`;
  if (path === '/v1/keys' || path === '/api/keys') return 'the list of keys it may read';
  if (path === '/v1/env' || path === '/v1/resolve') {
    const wanted = [...url.searchParams.getAll('key'), ...url.searchParams.getAll('ref')];
    const providers = url.searchParams.get('providers');
    if (wanted.length > 0) return `keys ${wanted.join(', ')}`.slice(0, 200);
    return providers ? `keys for ${providers}`.slice(0, 200) : 'every key it may read';
  }
  if (path === SESSIONS_PATH) {
    const keys = url.searchParams.getAll('key');
    return `a broker session for ${keys.length > 0 ? keys.join(', ') : 'its default keys'}`.slice(0, 200);
  }
  if (path === '/v1/whoami') return 'its own details (no key)';
  try {
    const target = parseTarget(`${path}${url.search}`);
    return `${target.provider} key "${target.keyName ?? 'default'}" through the broker`;
  } catch {
    return path.slice(0, 200);
  }
}

function proxyProvider(req: IncomingMessage): ProviderId | null {
  try {
    return parseTarget(req.url ?? '').provider;
  } catch {
    return null;
  }
}

/** The token a request would be admitted with, when it asks before use (else null: no wait). */
function askingToken(
  wallet: Wallet,
  authenticate: (presented: string) => Authentication,
  req: IncomingMessage,
  url: URL,
): TokenSummary | null {
  const path = url.pathname;
  if (path === '/health') return null;
  if (path.startsWith(`${SESSIONS_PATH}/`)) return null;
  let presented = bearer(req);
  if (path !== SESSIONS_PATH && !path.startsWith('/v1/') && !path.startsWith('/api/')) {
    try {
      presented = presentedToken(parseTarget(req.url ?? '').provider, req.headers, url.searchParams);
    } catch {
      return null;
    }
  }
  // A session token was approved when it was minted; unknown tokens get their 401 from the route.
  if (presented === null || presented.startsWith(SESSION_PREFIX)) return null;
  const auth = authenticate(presented);
  if (auth.kind !== 'ok' || !auth.token.askBeforeUse || !wallet.vault.isUnlocked()) return null;
  return auth.token;
}

/**
 * The hook server.ts calls once the Host and Origin checks passed: false when the request may go on
 * now; true when it waits for the gate, after which `proceed` runs it (or the refusal is sent).
 */
export function holdForApproval(
  wallet: Wallet,
  authenticate: (presented: string) => Authentication,
  gate: ApprovalGate,
  serverPort: number,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  proceed: () => void,
): boolean {
  const token = askingToken(wallet, authenticate, req, url);
  if (token === null) return false;
  const request: ApprovalRequest = {
    token: { id: token.id, name: token.name, masked: token.masked },
    key: describeUse(url),
    caller: peerProcess(req.socket.remotePort, serverPort, process.platform, '/proc', true),
  };
  gate.check(request).then(proceed, (error: unknown) => {
    if (res.headersSent || res.destroyed) return;
    const failure = asEndpointError(error);
    const provider = proxyProvider(req);
    // The broker answers in the addressed provider's error shape, so its SDK shows the reason.
    if (provider === null) sendError(res, failure);
    else {
      const body = providerErrorBody(provider, failure.status, failure.code, failure.message);
      sendJson(res, failure.status, body, failure.headers);
    }
  });
  return true;
}
