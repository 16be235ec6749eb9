// Access tokens: the masked list with use and expiry, create, regenerate and revoke (each behind
// words that say what happens to tools using the token), and the "Use it" panel. Main lists live
// tokens only, so a revoked token simply leaves the list.
import { useEffect, useState } from 'react';
import { PROVIDERS } from '#shared/providers.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Empty, LoadFailed, Loading } from '../components/States';
import { IssuedTokenDialog } from '../components/tokens/IssuedTokenDialog';
import { TokenDialog } from '../components/tokens/TokenDialog';
import { TokenPolicyDialog } from '../components/tokens/TokenPolicyDialog';
import { TokenApprovals } from '../components/tokens/TokenApprovals';
import { UseItPanel } from '../components/tokens/UseItPanel';
import { formatDate, plural, timeAgo } from '../format';
import { messageOf } from '../services/services';
import { keysStore, notify, services, tokensStore, useKeys, useTokens } from '../stores/index';

type Pending = { action: 'regenerate' | 'revoke' | 'limits'; token: TokenSummary } | null;

function scopeText(token: TokenSummary, hubName: (id: string) => string): string {
  const providers = token.scope.providers?.map((p) => PROVIDERS[p].displayName).join(', ') ?? 'All providers';
  const hubs = token.scope.hubs === null ? '' : ` in ${token.scope.hubs.map(hubName).join(', ')}`;
  return providers + hubs;
}

function TokenRow({ token, onAsk }: { token: TokenSummary; onAsk: (pending: Pending) => void }) {
  const hubs = useKeys((s) => s.hubs);
  const [open, setOpen] = useState(false);
  const now = Date.now();
  const expired = token.expiresAt !== null && token.expiresAt <= now;
  return (
    <li className="card-row" aria-label={token.name}>
      <div className="key-main">
        <p className="key-name">
          {token.name}
          {expired && <span className="badge badge-danger">Expired</span>}
          {token.askBeforeUse && <span className="badge">Asks before use</span>}
        </p>
        <p className="muted">
          <span className="mono">{token.masked}</span> ·{' '}
          {scopeText(token, (id) => hubs.find((h) => h.id === id)?.name ?? id)}
        </p>
      </div>
      <div className="key-meta">
        <span>{plural(token.useCount, 'use', 'uses')}</span>
        <span>
          {token.lastUsedAt === null ? 'Never used' : `Last used ${timeAgo(token.lastUsedAt, now)}`}
        </span>
        <span>
          {token.expiresAt === null
            ? 'Never expires'
            : `${expired ? 'Expired' : 'Expires'} ${formatDate(token.expiresAt)}`}
        </span>
      </div>
      <div className="key-actions">
        <button type="button" className="btn btn-small" onClick={() => onAsk({ action: 'limits', token })}>
          Limits
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={open}
          aria-label={`Details of ${token.name}`}
          onClick={() => setOpen((o) => !o)}
        >
          Details
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onAsk({ action: 'regenerate', token })}
        >
          Regenerate
        </button>
        <button
          type="button"
          className="btn btn-small btn-danger-quiet"
          onClick={() => onAsk({ action: 'revoke', token })}
        >
          Revoke
        </button>
      </div>
      {open && <TokenApprovals token={token} />}
    </li>
  );
}

export function TokensScreen({ onOpenSettings }: { onOpenSettings: () => void }) {
  const tokens = useTokens((s) => s.tokens);
  const status = useTokens((s) => s.status);
  const error = useTokens((s) => s.error);
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const store = tokensStore.getState();

  useEffect(() => {
    void tokensStore.getState().load();
    // Hub names for scopes and the create dialog.
    if (keysStore.getState().status === 'idle') void keysStore.getState().load();
    // Main pushes tokens:changed (a token used through the endpoint, one made by the CLI).
    return services.on.tokensChanged(() => void tokensStore.getState().refresh());
  }, []);

  return (
    <div className="screen screen-split">
      <section aria-labelledby="tokens-title" className="screen-column">
        <div className="screen-header">
          <div>
            <h1 id="tokens-title" tabIndex={-1}>
              Access tokens
            </h1>
            <p className="screen-subtitle">
              Tokens let tools on this computer fetch keys without your master password.
            </p>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New token
          </button>
        </div>
        {status === 'loading' && tokens.length === 0 && <Loading what="access tokens" />}
        {status === 'error' && <LoadFailed message={error ?? ''} onRetry={() => void store.load()} />}
        {status === 'ready' && tokens.length === 0 && (
          <Empty title="No access tokens yet">
            <p>Create one for each tool that needs keys, such as cv-git or a script run with aikey exec.</p>
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              Create your first token
            </button>
          </Empty>
        )}
        {tokens.length > 0 && (
          <ul className="card-list" aria-label="Access tokens">
            {tokens.map((token) => (
              <TokenRow key={token.id} token={token} onAsk={setPending} />
            ))}
          </ul>
        )}
      </section>
      <UseItPanel onOpenSettings={onOpenSettings} />
      {creating && <TokenDialog onClose={() => setCreating(false)} />}
      <IssuedTokenDialog />
      {pending?.action === 'limits' && (
        <TokenPolicyDialog token={pending.token} onClose={() => setPending(null)} />
      )}
      <ConfirmDialog
        open={pending?.action === 'regenerate'}
        onOpenChange={(open) => !open && setPending(null)}
        title={`Regenerate “${pending?.token.name ?? ''}”?`}
        confirmLabel="Regenerate token"
        errorOf={messageOf}
        onConfirm={async () => {
          if (pending !== null) await store.regenerate(pending.token.id);
        }}
      >
        <p>
          The old token stops working at once. Every tool using it gets 401 until you paste in the new value,
          which is shown next.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.action === 'revoke'}
        onOpenChange={(open) => !open && setPending(null)}
        title={`Revoke “${pending?.token.name ?? ''}”?`}
        confirmLabel="Revoke token"
        errorOf={messageOf}
        onConfirm={async () => {
          if (pending === null) return;
          await store.revoke(pending.token.id);
          notify({ title: 'Token revoked', description: `${pending.token.name} no longer works.` });
        }}
      >
        <p>The token stops working at once and cannot be brought back. Tools using it get 401.</p>
      </ConfirmDialog>
    </div>
  );
}
