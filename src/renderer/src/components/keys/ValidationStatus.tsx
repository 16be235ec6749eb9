// The answer of the Test button, in a live status region so it is announced: the outcome in two
// words first ("Valid key", "No network"), then main's explanation. Main's sentence already opens
// with those words, so they are emphasised in place rather than said twice.
import type { ValidationResult } from '../../stores/keys/types';

const WORDS: Record<ValidationResult['outcome'], string> = {
  valid: 'Valid key',
  invalid_key: 'Invalid key',
  no_network: 'No network',
  rate_limited: 'Rate limited',
  unexpected: 'Unexpected answer',
};

function Outcome({ result }: { result: ValidationResult }) {
  const words = WORDS[result.outcome];
  const rest = result.message.startsWith(words) ? result.message.slice(words.length) : `: ${result.message}`;
  return (
    <>
      <strong>{words}</strong>
      <span className="validation-detail">{rest}</span>
    </>
  );
}

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
      {state.kind === 'done' && <Outcome result={state.result} />}
    </div>
  );
}
