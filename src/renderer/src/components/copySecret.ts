// Copies a one-time secret (a new access token, the recovery key, an invite code) and clears the
// clipboard after the user's clipboard time if it still holds it, or at once when the vault locks,
// like a copied provider key: the keys store owns every pending clear. Never logs the text.
import { DEFAULT_SETTINGS } from '#shared/settings-defaults.js';
import { keysStore, notify, settingsStore } from '../stores/index';

export function copySecret(text: string, what: string): void {
  const seconds =
    settingsStore.getState().settings?.clipboardClearSeconds ?? DEFAULT_SETTINGS.clipboardClearSeconds;
  keysStore
    .getState()
    .copyText(text, seconds)
    .then(
      () => notify({ title: `${what} copied`, description: `The clipboard clears in ${seconds} seconds.` }),
      () =>
        notify({
          title: 'Could not copy',
          description: 'Select the text and copy it by hand.',
          tone: 'error',
        }),
    );
}
