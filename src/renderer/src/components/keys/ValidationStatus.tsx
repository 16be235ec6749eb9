// The answer of the Test button, in a live status region so it is announced: the outcome in two
// words first ("Valid key", "No network"), then main's explanation.
import type { ValidationResult } from '../../stores/keys/types';

const WORDS: Record<ValidationResult['outcome'], string> = {
  valid: 'Valid key',
  invalid_key: 'Invalid key',
  no_network: 'No network',
  rate_limited: 'Rate limited',
  unexpected: 'Unexpected answer',
};

export type TestState =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'done'; result: ValidationResult }
  | { kind: 'failed'; message: string };

export function ValidationStatus({ state }: { state: TestState }) {
  const tone =
    state.kind === 'done'
      ? state.result.outcome === 'valid'
        ? 'ok'
        : 'bad'
      : state.kind === 'failed'
        ? 'bad'
        : 'idle';
  return (
    <div role="status" className={`validation validation-${tone}`}>
      {state.kind === 'testing' && 'Testing the key with the provider…'}
      {state.kind === 'failed' && state.message}
      {state.kind === 'done' && (
        <>
          <strong>{WORDS[state.result.outcome]}</strong>
          {state.result.status !== null &&
            state.result.outcome === 'unexpected' &&
            ` (HTTP ${state.result.status})`}
          <span className="validation-detail">{state.result.message}</span>
        </>
      )}
    </div>
  );
}
