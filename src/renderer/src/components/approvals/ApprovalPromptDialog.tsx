// The "Ask before use" prompt: a program wants to use a token that asks first. Main pushes each
// prompt (approvals:prompt) and takes it down when it is answered or times out (approvals:settled);
// on mount the window also reads the prompts already open. One prompt per token and program, so
// however many requests the program makes, the user answers once. Closing the dialog is not an
// answer: the request is denied when the wait runs out.
import { Dialog } from 'radix-ui';
import { useEffect, useState } from 'react';
import type { ApprovalPrompt, Caller } from '#shared/schemas/approvals.js';
import { messageOf } from '../../services/services';
import { services } from '../../stores/index';

const MINUTE_CHOICES = [5, 15, 30, 60, 240] as const;

export function callerText(caller: Caller): string {
  if (caller.pid === null) return 'An unknown process';
  return `${caller.name ?? 'A process'} (pid ${caller.pid})`;
}

export function ApprovalPromptDialog() {
  const [prompts, setPrompts] = useState<ApprovalPrompt[]>([]);
  const [minutes, setMinutes] = useState<number>(5);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const add = (prompt: ApprovalPrompt) =>
      setPrompts((list) => (list.some((p) => p.id === prompt.id) ? list : [...list, prompt]));
    const stopPrompt = services.on.approvalsPrompt(add);
    const stopSettled = services.on.approvalsSettled(({ id }) =>
      setPrompts((list) => list.filter((p) => p.id !== id)),
    );
    void services.approvals.pending().then(
      (open) => open.forEach(add),
      () => undefined,
    );
    return () => {
      stopPrompt();
      stopSettled();
    };
  }, []);

  const prompt = prompts[0];
  if (prompt === undefined) return null;

  const answer = async (
    verdict: { verdict: 'once' } | { verdict: 'deny' } | { verdict: 'minutes'; minutes: number },
  ) => {
    setBusy(true);
    setError(null);
    try {
      await services.approvals.answer({ id: prompt.id, ...verdict });
      setPrompts((list) => list.filter((p) => p.id !== prompt.id));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog dialog-narrow"
          onEscapeKeyDown={(e) => e.preventDefault()}
          onPointerDownOutside={(e) => e.preventDefault()}
        >
          <Dialog.Title className="dialog-title">
            Allow {callerText(prompt.caller)} to use “{prompt.tokenName}”?
          </Dialog.Title>
          <Dialog.Description asChild>
            <div className="dialog-description">
              <p>
                The token <span className="mono">{prompt.tokenMasked}</span> is set to ask before use. A
                program asks for {prompt.key}.
              </p>
              <dl className="approval-caller">
                <dt>Program</dt>
                <dd>{prompt.caller.name ?? 'unknown process'}</dd>
                <dt>Process id</dt>
                <dd>{prompt.caller.pid ?? 'unknown'}</dd>
                <dt>Executable</dt>
                <dd className="mono">{prompt.caller.exe ?? 'unknown'}</dd>
              </dl>
              {prompt.waiting > 1 && <p className="muted">{prompt.waiting} requests are waiting.</p>}
              {prompts.length > 1 && (
                <p className="muted">{prompts.length - 1} more prompts after this one.</p>
              )}
            </div>
          </Dialog.Description>
          {error !== null && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
          <div className="field">
            <label htmlFor="approval-minutes">Allow for</label>
            <select
              id="approval-minutes"
              value={minutes}
              onChange={(e) => setMinutes(Number(e.target.value))}
            >
              {MINUTE_CHOICES.map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </select>
          </div>
          <div className="dialog-actions">
            <button
              type="button"
              className="btn btn-danger-quiet"
              disabled={busy}
              onClick={() => void answer({ verdict: 'deny' })}
            >
              Deny
            </button>
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => void answer({ verdict: 'once' })}
            >
              Allow once
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => void answer({ verdict: 'minutes', minutes })}
            >
              Allow for {minutes} minutes
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
