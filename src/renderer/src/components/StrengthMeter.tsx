// How hard the master password would be to guess, scored by main (zxcvbn) and shown as a meter with
// words, not colour alone. No score yet (empty or still typing) shows an empty meter.
import type { PasswordStrength } from '../stores/vault';

const WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export function StrengthMeter({ strength }: { strength: PasswordStrength | null }) {
  const score = strength?.score ?? 0;
  const words = strength === null ? 'Not rated yet' : (WORDS[score] ?? 'Not rated yet');
  return (
    <div className="meter-field">
      <div
        role="meter"
        aria-label="Password strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score}
        aria-valuetext={words}
        className="meter"
        data-score={strength === null ? 'none' : score}
      >
        {[0, 1, 2, 3].map((i) => (
          <span
            key={i}
            className={`meter-segment${strength !== null && i < Math.max(score, 1) ? ' is-on' : ''}`}
          />
        ))}
      </div>
      <p className="field-hint" aria-live="polite">
        {strength === null ? 'Use a long passphrase: four or more unrelated words work well.' : words}
        {strength?.feedback ? `: ${strength.feedback}` : ''}
      </p>
    </div>
  );
}
