// An on/off setting on Radix Switch (role="switch"), labelled by a real <label> and described by
// an optional hint, e.g. why it is unavailable.
import { Switch } from 'radix-ui';
import { useId, type ReactNode } from 'react';

interface SwitchFieldProps {
  label: string;
  checked: boolean;
  disabled?: boolean;
  hint?: ReactNode;
  onChange: (checked: boolean) => void;
}

export function SwitchField({ label, checked, disabled = false, hint, onChange }: SwitchFieldProps) {
  const id = useId();
  return (
    <div className="switch-field">
      <div className="switch-text">
        <label htmlFor={id}>{label}</label>
        {hint !== undefined && (
          <div id={`${id}-hint`} className="field-hint">
            {hint}
          </div>
        )}
      </div>
      <Switch.Root
        id={id}
        className="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        onCheckedChange={onChange}
      >
        <Switch.Thumb className="switch-thumb" />
      </Switch.Root>
    </div>
  );
}
