// The one way tests read a failure: the AikeyError code (and message) a call throws or its promise
// rejects with, or 'no error' when it succeeds. Anything that is not an AikeyError shows as its text,
// so an unexpected crash fails the assertion with something readable.
import { isAikeyError } from '#shared/errors.js';

export interface Failure {
  code: string;
  message: string;
}

const NONE: Failure = { code: 'no error', message: '' };

function failureFrom(error: unknown): Failure {
  return isAikeyError(error)
    ? { code: error.code, message: error.message }
    : { code: String(error), message: '' };
}

export function failureOf(fn: () => Promise<unknown>): Promise<Failure>;
export function failureOf(fn: () => unknown): Failure;
export function failureOf(fn: () => unknown): Failure | Promise<Failure> {
  try {
    const result = fn();
    return result instanceof Promise ? result.then(() => NONE, failureFrom) : NONE;
  } catch (error) {
    return failureFrom(error);
  }
}

export function codeOf(fn: () => Promise<unknown>): Promise<string>;
export function codeOf(fn: () => unknown): string;
export function codeOf(fn: () => unknown): string | Promise<string> {
  const failure: Failure | Promise<Failure> = failureOf(fn);
  return failure instanceof Promise ? failure.then((f: Failure) => f.code) : failure.code;
}
