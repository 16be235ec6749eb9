// "Ask before use" approvals as they cross to the renderer: a prompt (the token, what is asked for,
// the calling process as far as the OS tells), the user's answer, and the grants that let a caller
// use a token for a while. None carries a token value or a key.
import { z } from 'zod';

export const CallerSchema = z
  .object({
    pid: z.number().int().nullable(),
    /** The short process name, or null for "unknown process". */
    name: z.string().max(256).nullable(),
    /** The executable's path, or null when the OS does not say. */
    exe: z.string().max(4096).nullable(),
  })
  .strict();
export type Caller = z.infer<typeof CallerSchema>;

export const ApprovalPromptSchema = z
  .object({
    id: z.string().min(1).max(64),
    tokenId: z.string().max(64),
    tokenName: z.string().max(200),
    tokenMasked: z.string().max(64),
    /** What the caller asks for, in words (a key, the key list, a broker session). */
    key: z.string().max(300),
    caller: CallerSchema,
    /** Requests waiting on this prompt (they all get the one answer). */
    waiting: z.number().int().min(1),
    /** When the waiting requests give up with approval_denied. */
    expiresAt: z.number(),
  })
  .strict();
export type ApprovalPrompt = z.infer<typeof ApprovalPromptSchema>;

export const MAX_GRANT_MINUTES = 24 * 60;

export const ApprovalAnswerSchema = z.discriminatedUnion('verdict', [
  z.object({ id: z.string().min(1).max(64), verdict: z.literal('once') }).strict(),
  z.object({ id: z.string().min(1).max(64), verdict: z.literal('deny') }).strict(),
  z
    .object({
      id: z.string().min(1).max(64),
      verdict: z.literal('minutes'),
      minutes: z.number().int().min(1).max(MAX_GRANT_MINUTES),
    })
    .strict(),
]);
export type ApprovalAnswer = z.infer<typeof ApprovalAnswerSchema>;

export const ApprovalGrantSchema = z
  .object({
    id: z.string().min(1).max(64),
    tokenId: z.string().max(64),
    caller: CallerSchema,
    grantedAt: z.number(),
    expiresAt: z.number(),
  })
  .strict();
export type ApprovalGrant = z.infer<typeof ApprovalGrantSchema>;
