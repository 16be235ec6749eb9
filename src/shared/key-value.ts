// What a key value may be, in one place and without zod, so the fetch commands can check it too.
export const MAX_KEY_LENGTH = 8192;
/** Every provider's keys are printable ASCII without spaces; anything else cannot travel in a header. */
export const KEY_VALUE = /^[\x21-\x7e]+$/;
export const KEY_VALUE_RULE = `printable ASCII without spaces or control characters, at most ${MAX_KEY_LENGTH} characters`;

/** Whether a stored value can be handed to a program (an environment variable, an HTTP header). */
export function isUsableKeyValue(value: string): boolean {
  return value.length <= MAX_KEY_LENGTH && KEY_VALUE.test(value);
}
