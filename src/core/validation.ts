// zod at the service boundary: bad input becomes one clear InvalidInput error naming the field,
// before anything is read or written.
import type { z } from 'zod';
import { AikeyError } from '#shared/errors.js';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new AikeyError('InvalidInput', `${where}${issue?.message ?? 'Invalid input.'}`);
  }
  return result.data;
}
