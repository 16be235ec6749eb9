// The one IPC contract between the sandboxed renderer and main: for every `domain:verb` channel, a
// zod schema for its input (main parses every call with it: the renderer is untrusted) and one for
// its output. Types on both sides come from z.infer, so the preload, the router and the renderer
// cannot disagree. Never add a channel that takes SQL, a file path or a generic command.
import { z } from 'zod';
import { AuditPageSchema, AuditQuerySchema } from '../schemas/audit.js';
import {
  HubInviteSchema,
  HubJoinSchema,
  HubMemberRefSchema,
  HubMemberSchema,
  HubRefSchema,
  HubSummarySchema,
  HubSyncResultSchema,
  IssuedInviteSchema,
} from '../schemas/hubs.js';
import {
  BaseUrlSchema,
  KeyChangesSchema,
  KeyCreateSchema,
  KeyListQuerySchema,
  KeySummarySchema,
  KeyUpdateSchema,
  ProviderIdSchema,
  SecretSchema,
  ValidationResultSchema,
} from '../schemas/keys.js';
import { CliCommandStatusSchema } from '../schemas/cli-command.js';
import {
  ImportProgressSchema,
  ImportResultSchema,
  ImportRunInputSchema,
  ImportDroppedSchema,
  ImportScanInputSchema,
  ImportScanSchema,
} from '../schemas/import.js';
import { UsageQuerySchema, UsageViewSchema } from '../schemas/usage.js';
import { EndpointStatusSchema } from '../schemas/endpoint.js';
import { KeychainStatusSchema } from '../schemas/keychain.js';
import { SettingsPatchSchema, SettingsSchema } from '../schemas/settings.js';
import { PasswordStrengthSchema, VaultStatusSchema } from '../schemas/vault.js';
import { TokenPolicySchema } from '../schemas/token-policy.js';
import { TokenCreateSchema, TokenSummarySchema, TokenUpdateSchema } from '../schemas/tokens.js';
import { ApprovalAnswerSchema, ApprovalGrantSchema, ApprovalPromptSchema } from '../schemas/approvals.js';
import type { IpcChannel, IpcEvent } from './channels.js';

const None = z.undefined();
const Done = z.null();
const Id = z.object({ id: z.string().min(1).max(64) }).strict();
const ClipboardCopied = z.object({ clearsInSeconds: z.number().int().min(0) });
const Password = z.string().min(1, 'Enter the master password.').max(1024);

export {
  EndpointStatusSchema,
  HubSummarySchema,
  KeychainStatusSchema,
  PasswordStrengthSchema,
  ValidationResultSchema,
  VaultStatusSchema,
};
export { VALIDATION_OUTCOMES } from '../schemas/keys.js';

export const ValidateKeyInputSchema = z.union([
  Id,
  z.object({ provider: ProviderIdSchema, secret: SecretSchema, baseUrl: BaseUrlSchema.optional() }).strict(),
]);

export const IssuedTokenSchema = z.object({ token: z.string(), summary: TokenSummarySchema });

export const IPC_CONTRACT = {
  'vault:status': { input: None, output: VaultStatusSchema },
  'vault:passwordStrength': {
    input: z.object({ password: z.string().max(1024) }).strict(),
    output: PasswordStrengthSchema,
  },
  'vault:create': {
    input: z.object({ password: Password }).strict(),
    output: z.object({ recoveryKey: z.string() }),
  },
  'vault:unlock': { input: z.object({ password: Password }).strict(), output: Done },
  'vault:unlockWithKeychain': { input: None, output: Done },
  'vault:lock': { input: None, output: Done },
  'vault:changePassword': {
    input: z.object({ currentPassword: Password, newPassword: Password }).strict(),
    output: Done,
  },
  'vault:recover': {
    input: z.object({ recoveryKey: z.string().min(1).max(200), newPassword: Password }).strict(),
    output: z.object({ recoveryKey: z.string() }),
  },
  /** After VaultCorrupt at unlock: the newest backup replaces the damaged file, which is kept. */
  'vault:restoreBackup': {
    input: z.object({ password: Password }).strict(),
    output: z.object({ backup: z.string() }),
  },
  'keychain:status': { input: None, output: KeychainStatusSchema },
  'keychain:enable': { input: z.object({ password: Password }).strict(), output: KeychainStatusSchema },
  'keychain:disable': { input: None, output: KeychainStatusSchema },
  /** Personal first, then team hubs by name, each team hub with its sync status. */
  'hubs:list': { input: None, output: z.array(HubSummarySchema) },
  'hubs:join': { input: HubJoinSchema, output: HubSummarySchema },
  /** The only channel that hands an invite code to the renderer, to be shown once. */
  'hubs:invite': { input: HubInviteSchema, output: IssuedInviteSchema },
  'hubs:members': { input: HubRefSchema, output: z.array(HubMemberSchema) },
  /** Removes the member, then rotates the hub key and re-seals every item. */
  'hubs:removeMember': {
    input: HubMemberRefSchema,
    output: z.object({ keyVersion: z.number().int().min(1) }),
  },
  'hubs:leave': { input: HubRefSchema, output: Done },
  'hubs:sync': { input: HubRefSchema, output: HubSyncResultSchema },
  'keys:list': { input: KeyListQuerySchema, output: z.array(KeySummarySchema) },
  /** A cheap stamp that moves when keys may have changed (a sync pull, the CLI): read on keys:changed, reload if it moved. */
  'keys:changes': { input: None, output: KeyChangesSchema },
  'keys:create': { input: KeyCreateSchema, output: KeySummarySchema },
  'keys:update': { input: KeyUpdateSchema, output: KeySummarySchema },
  'keys:reveal': { input: Id, output: z.object({ secret: z.string() }) },
  'keys:remove': { input: Id, output: KeySummarySchema },
  'keys:restore': { input: Id, output: KeySummarySchema },
  'keys:purge': { input: Id, output: Done },
  'keys:validate': { input: ValidateKeyInputSchema, output: ValidationResultSchema },
  /** Main reads the key itself and copies it concealed; the value never comes to the window. */
  'clipboard:copySecret': { input: Id, output: ClipboardCopied },
  /** A value the window shows once anyway (a new token, the recovery key, an invite code). */
  'clipboard:copyOneTime': {
    input: z.object({ text: z.string().min(1).max(4096) }).strict(),
    output: ClipboardCopied,
  },
  'tokens:list': { input: None, output: z.array(TokenSummarySchema) },
  'tokens:create': { input: TokenCreateSchema, output: IssuedTokenSchema },
  'tokens:regenerate': { input: Id, output: IssuedTokenSchema },
  'tokens:revoke': { input: Id, output: TokenSummarySchema },
  'tokens:policy': { input: Id, output: TokenPolicySchema.nullable() },
  'tokens:setPolicy': {
    input: z.object({ id: Id.shape.id, policy: TokenPolicySchema.nullable() }).strict(),
    output: TokenPolicySchema.nullable(),
  },
  /** Scope, expiry or "Ask before use" of a live token (never its value); audited. */
  'tokens:update': {
    input: z.object({ id: Id.shape.id, changes: TokenUpdateSchema }).strict(),
    output: TokenSummarySchema,
  },
  /** The "Ask before use" prompts open now (a window that opens or reloads shows them). */
  'approvals:pending': { input: None, output: z.array(ApprovalPromptSchema) },
  /** Allow once, allow this caller for N minutes, or deny: every request waiting on it gets the answer. */
  'approvals:answer': { input: ApprovalAnswerSchema, output: Done },
  /** The callers a token lets through without asking, until their grant expires. */
  'approvals:grants': {
    input: z.object({ tokenId: Id.shape.id }).strict(),
    output: z.array(ApprovalGrantSchema),
  },
  /** Ends a grant: that caller is asked again next time. */
  'approvals:revoke': { input: Id, output: Done },
  'audit:list': { input: AuditQuerySchema, output: AuditPageSchema },
  'settings:get': { input: None, output: SettingsSchema },
  'settings:set': { input: SettingsPatchSchema, output: SettingsSchema },
  'endpoint:status': { input: None, output: EndpointStatusSchema },
  'cli:status': { input: None, output: CliCommandStatusSchema },
  'cli:install': { input: None, output: CliCommandStatusSchema },
  'usage:report': { input: UsageQuerySchema, output: UsageViewSchema },
  /**
   * Scans the home folder, or one file the user picks in main's own dialog (the renderer never
   * names a path), and answers with masked findings; progress arrives as import:progress.
   */
  'import:scan': { input: ImportScanInputSchema, output: ImportScanSchema },
  /** Scans a file dropped on the screen (its text, read once); its findings cannot be replaced in place. */
  'import:scanDropped': { input: ImportDroppedSchema, output: ImportScanSchema },
  /** Stops the running scan, which then answers with outcome `cancelled`. */
  'import:cancel': { input: None, output: Done },
  /** Imports the chosen findings of the last scan (values read again in main), optionally replacing them with references. */
  'import:run': { input: ImportRunInputSchema, output: ImportResultSchema },
  /** The user is active in the window: restarts the auto-lock idle timer. */
  'activity:ping': { input: None, output: Done },
} as const satisfies Record<IpcChannel, { input: z.ZodType; output: z.ZodType }>;

export type IpcContract = typeof IPC_CONTRACT;
/** What the renderer passes (defaults may be left out). */
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
/** What a handler receives after main parsed the input. */
export type IpcParsed<C extends IpcChannel> = z.output<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<IpcContract[C]['output']>;

/**
 * What each pushed event carries. Main parses every payload with its schema before it leaves (so a
 * field that is not in the contract never crosses); none carries a key, a token or a name.
 */
export const IPC_EVENT_CONTRACT = {
  /** `auto-locked` when the idle timer or a system suspend locked it, `locked` for any other lock. */
  'vault:state': z.object({ state: z.enum(['locked', 'unlocked', 'auto-locked']) }).strict(),
  /** Keys may have changed (this window, a sync pull, the CLI): reload if the stamp moved. */
  'keys:changed': z.object({ stamp: z.string().max(200) }).strict(),
  /** Tokens may have changed (created, revoked, used through the endpoint, the CLI). */
  'tokens:changed': z.object({ stamp: z.string().max(200) }).strict(),
  'endpoint:state': EndpointStatusSchema,
  /** How far the running import scan is: files read of files found, keys found so far. */
  'import:progress': ImportProgressSchema,
  /** A team hub synced or failed to (live mode included): its status line may have changed. */
  'hubs:changed': z.object({ hubId: z.string().max(64) }).strict(),
  /** A notification was clicked (or the tray asked): show this screen. */
  'app:navigate': z.object({ screen: z.enum(['keys', 'tokens', 'hubs', 'settings']) }).strict(),
  /** A caller waits to use an "Ask before use" token: show the prompt (token, key, caller). */
  'approvals:prompt': ApprovalPromptSchema,
  /** That prompt was answered (here or elsewhere) or timed out: take it down. */
  'approvals:settled': z.object({ id: z.string().min(1).max(64) }).strict(),
} as const satisfies Record<IpcEvent, z.ZodType>;

export type IpcEventPayload<E extends IpcEvent> = z.output<(typeof IPC_EVENT_CONTRACT)[E]>;
