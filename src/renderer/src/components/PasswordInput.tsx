// A labelled password field with an optional show/hide toggle. Never autocompletes a saved password
// into the wallet, and spellcheck stays off so the OS never learns the text.
import { useId, useState, type ComponentProps } from 'react';

interface PasswordInputProps extends Omit<ComponentProps<'input'>, 'type' | 'id'> {
  label: string;
  /** Accessible name of the toggle; no toggle when absent. */
  toggleLabel?: string;
  hint?: string;
}

export function PasswordInput({ label, toggleLabel, hint, ...input }: PasswordInputProps) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-with-button">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-describedby={hint === undefined ? undefined : `${id}-hint`}
          {...input}
        />
        {toggleLabel !== undefined && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-pressed={shown}
            aria-label={toggleLabel}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? 'Hide' : 'Show'}
          </button>
        )}
      </div>
      {hint !== undefined && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
