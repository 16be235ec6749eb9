// The export passphrase: from --passphrase-file, or typed at a hidden prompt on the terminal (twice
// when exporting, so a typo does not lock the archive for good). Never from argv or the environment.
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from '../exit-codes.js';
import { promptHidden } from '../secret-input.js';

export async function archivePassphrase(file: string | undefined, confirm: boolean): Promise<string> {
  if (file) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new CliError(EXIT.usage, 'PassphraseFile', 'The passphrase file could not be read.');
    }
  }
  const first = await promptHidden('Export passphrase: ');
  if (confirm && (await promptHidden('Repeat the export passphrase: ')) !== first) {
    throw new CliError(EXIT.usage, 'Mismatch', 'The two passphrases differ; nothing was written.');
  }
  return first;
}
