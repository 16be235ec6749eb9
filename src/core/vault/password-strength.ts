// Refuses weak master passwords with a reason a person can act on. zxcvbn-ts estimates guesses
// against dictionaries and patterns; its dictionaries are large, so they load on first use only.
import { AikeyError } from '#shared/errors.js';
import type { PasswordStrength } from '#shared/schemas/vault.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MIN_SCORE = 3;

export interface StrengthReport {
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestions: string[];
}

let checker: ((password: string, userInputs: string[]) => StrengthReport) | null = null;

async function loadChecker(): Promise<(password: string, userInputs: string[]) => StrengthReport> {
  if (checker) return checker;
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  const zxcvbn = new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  checker = (password, userInputs) => {
    const result = zxcvbn.check(password, ['aikey', 'wallet', ...userInputs]);
    return {
      score: result.score,
      warning: result.feedback.warning,
      suggestions: result.feedback.suggestions,
    };
  };
  return checker;
}

export async function estimateStrength(password: string): Promise<StrengthReport> {
  return (await loadChecker())(password, []);
}

/** The verdict the create and change-password forms show while the user types. */
export async function passwordStrength(password: string): Promise<PasswordStrength> {
  const report = await estimateStrength(password);
  const longEnough = password.length >= MIN_PASSWORD_LENGTH;
  return {
    score: report.score,
    acceptable: longEnough && report.score >= MIN_SCORE,
    feedback: !longEnough
      ? `Use at least ${MIN_PASSWORD_LENGTH} characters.`
      : report.score >= MIN_SCORE
        ? null
        : (report.warning ?? report.suggestions[0] ?? 'It would be guessed too quickly.'),
  };
}

export async function assertStrongPassword(password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AikeyError(
      'WeakPassword',
      `The master password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const report = await estimateStrength(password);
  if (report.score < MIN_SCORE) {
    const reason = report.warning ?? report.suggestions[0] ?? 'It would be guessed too quickly.';
    throw new AikeyError('WeakPassword', `The master password is too weak: ${reason}`);
  }
}
