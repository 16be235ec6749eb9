// Copies a one-time secret (a new access token, the recovery key) and clears the clipboard after
// the user's clipboard time if it still holds it, like a copied provider key. Never logs the text.
import { DEFAULT_SETTINGS } from '../../../shared/schemas/settings';
import { browserClipboard, clearIfStillHeld } from '../services/clipboard';
import { notify, settingsStore } from '../stores';

export function copySecret(text: string, what: string): void {
  const seconds =
    settingsStore.getState().settings?.clipboardClearSeconds ?? DEFAULT_SETTINGS.clipboardClearSeconds;
  browserClipboard.writeText(text).then(
    () => {
      notify({ title: `${what} copied`, description: `The clipboard clears in ${seconds} seconds.` });
      setTimeout(() => void clearIfStillHeld(browserClipboard, text), seconds * 1000);
    },
    () =>
      notify({ title: 'Could not copy', description: 'Select the text and copy it by hand.', tone: 'error' }),
  );
}
