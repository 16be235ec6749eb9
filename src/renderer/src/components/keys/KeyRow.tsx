// One key in the list: masked (or, briefly, revealed) value, usage, last use, expiry badge, and its
// actions. Reveal goes through the store, which owns the timer that hides the value; copy asks main,
// which copies the key concealed and clears it. This row only renders and reports outcomes as toasts.
import { memo } from 'react';
import { PROVIDERS } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { expiryBadge, plural, timeAgo } from '../../format';
import { messageOf } from '../../services/services';
import { keysStore, notify, useKeys, useSettings } from '../../stores/index';
import { DEFAULT_SETTINGS } from '#shared/settings-defaults.js';

interface KeyRowProps {
  keySummary: KeySummary;
  onEdit: (key: KeySummary) => void;
  position: number;
  total: number;
}

const failed = (title: string) => (error: unknown) =>
  notify({ title, description: messageOf(error), tone: 'error' });

function deleteKey(key: KeySummary) {
  keysStore
    .getState()
    .remove(key.id)
    .then(() =>
      notify({
        title: 'Key deleted',
        description: `${key.name} is in Recently deleted.`,
        action: {
          label: 'Undo',
          altText: 'Undo deleting the key',
          run: () => void keysStore.getState().undoDelete().catch(failed('Could not restore the key')),
        },
      }),
    )
    .catch(failed('Could not delete the key'));
}

function copyKey(id: string) {
  keysStore
    .getState()
    .copy(id)
    .then((seconds) =>
      notify({ title: 'Key copied', description: `The clipboard clears in ${seconds} seconds.` }),
    )
    .catch(failed('Could not copy the key'));
}

export const KeyRow = memo(function KeyRow({ keySummary: key, onEdit, position, total }: KeyRowProps) {
  const revealed = useKeys((s) => s.revealed[key.id]);
  const revealSeconds = useSettings((s) => s.settings?.revealSeconds ?? DEFAULT_SETTINGS.revealSeconds);
  const now = Date.now();
  const badge = expiryBadge(key.expiresAt, now);
  const provider = PROVIDERS[key.provider];

  return (
    <div
      role="listitem"
      aria-label={`${provider.displayName} ${key.name}`}
      aria-posinset={position}
      aria-setsize={total}
      className="key-row"
    >
      <span className={`provider-chip provider-${key.provider}`} aria-hidden="true">
        {provider.displayName.slice(0, 1)}
      </span>
      <div className="key-main">
        <p className="key-name">
          {key.name}
          <span className="key-provider">{provider.displayName}</span>
          {badge !== null && <span className={`badge badge-${badge.tone}`}>{badge.text}</span>}
        </p>
        <p
          className={`key-value mono${revealed === undefined ? '' : ' is-revealed'}`}
          data-testid="key-value"
        >
          {revealed ?? key.masked}
        </p>
      </div>
      <div className="key-meta">
        <span>{plural(key.usageCount, 'use', 'uses')}</span>
        <span>{key.lastUsedAt === null ? 'Never used' : `Last used ${timeAgo(key.lastUsedAt, now)}`}</span>
      </div>
      <div className="key-actions">
        <button
          type="button"
          className="btn btn-small"
          // A toggle keeps its name; aria-pressed says whether the key is showing.
          aria-pressed={revealed !== undefined}
          onClick={() =>
            revealed === undefined
              ? void keysStore
                  .getState()
                  .reveal(key.id, revealSeconds)
                  .catch(failed('Could not reveal the key'))
              : keysStore.getState().hide(key.id)
          }
        >
          Reveal
        </button>
        <button type="button" className="btn btn-small" onClick={() => copyKey(key.id)}>
          Copy
        </button>
        <button type="button" className="btn btn-small" onClick={() => onEdit(key)}>
          Edit
        </button>
        <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => deleteKey(key)}>
          Delete
        </button>
      </div>
    </div>
  );
});
