// A numeric setting that saves itself when the user leaves the field or presses Enter, like a
// switch applies when flipped. Main validates; its error is shown and the typed value kept so the
// user can fix it.
import { useEffect, useId, useState } from 'react';
import type { SettingsPatch } from '#shared/schemas/settings.js';

type NumericField =
  | 'autoLockMinutes'
  | 'clipboardClearSeconds'
  | 'revealSeconds'
  | 'endpointPort'
  | 'expiryWarningDays'
  | 'rotationReminderDays';

interface NumberSettingProps {
  field: NumericField;
  label: string;
  hint: string;
  min: number;
  max: number;
  value: number;
  /** Resolves with an error message, or null once saved. */
  onSave: (patch: SettingsPatch) => Promise<string | null>;
}

export function NumberSetting({ field, label, hint, min, max, value, onSave }: NumberSettingProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setDraft(String(value)), [value]);

  const commit = async () => {
    if (draft === String(value)) return;
    const next = Number(draft);
    if (draft.trim() === '' || !Number.isInteger(next)) {
      setError('Enter a whole number.');
      return;
    }
    const problem = await onSave({ [field]: next });
    // Main names the field it refused; beside the field that name is noise.
    setError(problem?.startsWith(`${field}: `) ? problem.slice(field.length + 2) : problem);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={draft}
        aria-invalid={error !== null}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void commit();
        }}
      />
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error !== null && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
