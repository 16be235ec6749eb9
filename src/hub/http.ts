// Request plumbing shared by the routes: JSON bodies checked against the contract's zod schemas,
// bearer tokens read from the Authorization header only (never the URL), and one JSON error shape.
// Validation messages name the field and the rule, never the value that was sent.
import type { Context } from 'hono';
import type { z } from 'zod';
import { HubError } from './errors.js';

export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header === undefined) return null;
  return /^Bearer +(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`.slice(0, 300);
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HubError('invalid_request', describeIssues(result.error));
  return result.data;
}

export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HubError('unsupported_media_type', 'Send the body as application/json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new HubError('invalid_request', 'The body is not valid JSON.');
  }
  return parseWith(schema, body);
}

export function errorResponse(c: Context, error: HubError): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (error.status === 401) headers['WWW-Authenticate'] = 'Bearer';
  if (error.extra && 'retryAfterSeconds' in error.extra) {
    headers['Retry-After'] = String(error.extra.retryAfterSeconds);
  }
  return c.json(error.toBody(), error.status as 400, headers);
}
