// Maps every contract channel to the service that answers it. Handlers receive input the router has
// already parsed, so they hold no validation of their own; they never return a secret except where
// the channel exists for it (keys:reveal, a token's one-time value, the recovery key); copying a key
// hands the value to the OS clipboard in main, never back to the window.
import type { CliCommandStatus } from '#shared/schemas/cli-command.js';
import type { EndpointStatus } from '#shared/schemas/endpoint.js';
import type { KeychainStatus } from '#shared/schemas/keychain.js';
import type { ValidationRequest, ValidationResult } from '#shared/schemas/keys.js';
import type { ImportResult, ImportRunInput, ImportScan } from '#shared/schemas/import.js';
import type { Settings, SettingsPatch } from '#shared/schemas/settings.js';
import { APP_ACTOR } from '#core/audit/audit-log.js';
import { vaultChangeStamp } from '#core/keys/change-stamp.js';
import { passwordStrength } from '#core/vault/password-strength.js';
import type { Wallet } from '#core/wallet.js';
import { createHubHandlers } from './hub-handlers.js';
import type { IpcHandlers } from './router.js';
import type { DesktopApprovals } from '../approvals.js';

/** The services behind the desktop app, each runnable in plain Node (Electron passes capabilities in). */
export interface DesktopServices {
  wallet: Wallet;
  settings: {
    get(): Settings;
    /** Resolves once the change applies (the endpoint restarted or stopped, the idle timer reset). */
    set(patch: SettingsPatch): Promise<Settings>;
  };
  endpoint: { status(): EndpointStatus };
  /** "Install the aikey command" (Settings). */
  cliCommand: { status(): CliCommandStatus; install(): CliCommandStatus };
  /** A stored key (by id, audited as a reveal) or one typed into the form. */
  validateKey(request: ValidationRequest): Promise<ValidationResult>;
  keychain: {
    status(): KeychainStatus;
    enable(password: string): Promise<KeychainStatus>;
    disable(): KeychainStatus;
    /** Unlocks the vault with the key the OS keychain holds. */
    unlock(): void;
  };
  clipboard: {
    /** Reads the key (audited as a reveal) and copies it concealed; cleared later by main. */
    copySecret(id: string): Promise<{ clearsInSeconds: number }>;
    copyOneTime(text: string): Promise<{ clearsInSeconds: number }>;
  };
  /** "Ask before use": the prompts waiting, the user's answers, and the grants (approvals.ts). */
  approvals: Pick<DesktopApprovals, 'pending' | 'answer' | 'grants' | 'revoke'>;
  /** The user did something in the window: restart the idle timer. */
  activity(): void;
  /** The Import screen: scan (the home folder or a file main's dialog picks), cancel, import. */
  importer: {
    scan(from: 'computer' | 'file'): Promise<ImportScan>;
    /** A file dropped on the screen: its name and text, read once. */
    scanDropped(name: string, text: string): Promise<ImportScan>;
    cancel(): void;
    run(input: ImportRunInput): Promise<ImportResult>;
  };
}

export function createIpcHandlers(services: DesktopServices): IpcHandlers {
  const { wallet } = services;
  return {
    'vault:status': () => ({
      ...wallet.vault.status(),
      keychainUnlock: services.keychain.status().enabled,
    }),
    'vault:passwordStrength': ({ password }) => passwordStrength(password),
    'vault:create': ({ password }) => wallet.vault.create(password),
    'vault:unlock': async ({ password }) => {
      await wallet.vault.unlock(password);
      return null;
    },
    'vault:unlockWithKeychain': () => {
      services.keychain.unlock();
      return null;
    },
    'vault:lock': () => {
      wallet.vault.lock();
      return null;
    },
    'vault:changePassword': async ({ currentPassword, newPassword }) => {
      await wallet.masterPassword.change(currentPassword, newPassword, APP_ACTOR);
      return null;
    },
    'vault:recover': ({ recoveryKey, newPassword }) =>
      wallet.masterPassword.recover(recoveryKey, newPassword, APP_ACTOR),
    'vault:restoreBackup': ({ password }) => wallet.vault.restoreDamaged(password),
    'keychain:status': () => services.keychain.status(),
    'keychain:enable': ({ password }) => services.keychain.enable(password),
    'keychain:disable': () => services.keychain.disable(),
    ...createHubHandlers(wallet),
    'keys:list': (query) => wallet.keys.list(query),
    'keys:changes': () => ({ stamp: vaultChangeStamp(wallet.vault.session()) }),
    'keys:create': (input) => wallet.keys.create(input),
    'keys:update': (input) => wallet.keys.update(input),
    'keys:reveal': ({ id }) => ({ secret: wallet.keys.reveal(id) }),
    'keys:remove': ({ id }) => wallet.keys.remove(id),
    'keys:restore': ({ id }) => wallet.keys.restore(id),
    'keys:purge': ({ id }) => {
      wallet.keys.purge(id);
      return null;
    },
    'keys:validate': (input) => services.validateKey(input),
    'clipboard:copySecret': ({ id }) => services.clipboard.copySecret(id),
    'clipboard:copyOneTime': ({ text }) => services.clipboard.copyOneTime(text),
    'tokens:list': () => wallet.tokens.list(),
    'tokens:create': (input) => wallet.tokens.create(input),
    'tokens:regenerate': ({ id }) => wallet.tokens.regenerate(id),
    'tokens:revoke': ({ id }) => wallet.tokens.revoke(id),
    'tokens:policy': ({ id }) => wallet.tokens.policyOf(id),
    'tokens:setPolicy': ({ id, policy }) => wallet.tokens.setPolicy(id, policy),
    'tokens:update': ({ id, changes }) => wallet.tokens.update(id, changes),
    'approvals:pending': () => services.approvals.pending(),
    'approvals:answer': (answer) => {
      services.approvals.answer(answer);
      return null;
    },
    // Grants name a token; reading them needs the vault open like the token list does.
    'approvals:grants': ({ tokenId }) => {
      wallet.tokens.get(tokenId);
      return services.approvals.grants(tokenId);
    },
    'approvals:revoke': ({ id }) => {
      services.approvals.revoke(id);
      return null;
    },
    'audit:list': (query) => wallet.audit.list(query),
    'settings:get': () => services.settings.get(),
    'settings:set': (patch) => services.settings.set(patch),
    'endpoint:status': () => services.endpoint.status(),
    'cli:status': () => services.cliCommand.status(),
    'cli:install': () => services.cliCommand.install(),
    'usage:report': (query) => wallet.tokens.usage(query),
    'import:scan': ({ from }) => services.importer.scan(from),
    'import:scanDropped': ({ name, text }) => services.importer.scanDropped(name, text),
    'import:cancel': () => {
      services.importer.cancel();
      return null;
    },
    'import:run': (input) => services.importer.run(input),
    'activity:ping': () => {
      services.activity();
      return null;
    },
  };
}
