// Copies a one-time secret the window shows (a new access token, the recovery key, an invite code)
// through main, which writes it with the platform's concealment markers and clears it after the
// user's clipboard time if it still holds it, or at once when the vault locks. Never logs the text.
import { keysStore, notify } from '../stores/index';

export function copySecret(text: string, what: string): void {
  keysStore
    .getState()
    .copyText(text)
    .then(
      (seconds) =>
        notify({ title: `${what} copied`, description: `The clipboard clears in ${seconds} seconds.` }),
      () =>
        notify({
          title: 'Could not copy',
          description: 'Select the text and copy it by hand.',
          tone: 'error',
        }),
    );
}
