// Maps every contract channel to the service that answers it. Handlers receive input the router has
// already parsed, so they hold no validation of their own; they never return a secret except where
// the channel exists for it (keys:reveal, a token's one-time value, the recovery key).
import type { z } from 'zod';
import type {
  EndpointStatusSchema,
  KeychainStatusSchema,
  ValidationResultSchema,
} from '../../shared/ipc/contract.js';
import type { ProviderId } from '../../shared/providers.js';
import type { Settings, SettingsPatch } from '../../shared/schemas/settings.js';
import { APP_ACTOR } from '../audit/audit-log.js';
import { vaultChangeStamp } from '../keys/change-stamp.js';
import { estimateStrength, MIN_PASSWORD_LENGTH, MIN_SCORE } from '../vault/password-strength.js';
import type { Wallet } from '../wallet.js';
import { createHubHandlers, followTeamHubs } from './hub-handlers.js';
import type { IpcHandlers } from './router.js';

export type KeychainStatus = z.infer<typeof KeychainStatusSchema>;
export type ValidationResult = z.infer<typeof ValidationResultSchema>;
export type EndpointStatus = z.infer<typeof EndpointStatusSchema>;

export interface ValidationTarget {
  provider: ProviderId;
  secret: string;
  /** The key's own base URL, or null for the provider's default. */
  baseUrl: string | null;
}

/** The services behind the desktop app, each runnable in plain Node (Electron passes capabilities in). */
export interface DesktopServices {
  wallet: Wallet;
  settings: {
    get(): Settings;
    /** Resolves once the change applies (the endpoint restarted or stopped, the idle timer reset). */
    set(patch: SettingsPatch): Promise<Settings>;
  };
  endpoint: { status(): EndpointStatus };
  validateKey(target: ValidationTarget): Promise<ValidationResult>;
  keychain: {
    status(): KeychainStatus;
    enable(password: string): Promise<KeychainStatus>;
    disable(): KeychainStatus;
    /** Unlocks the vault with the key the OS keychain holds. */
    unlock(): void;
  };
  /** The user did something in the window: restart the idle timer. */
  activity(): void;
}

export function createIpcHandlers(services: DesktopServices): IpcHandlers {
  const { wallet } = services;
  return {
    'vault:status': () => ({
      ...wallet.vault.status(),
      keychainUnlock: services.keychain.status().enabled,
    }),
    'vault:passwordStrength': async ({ password }) => {
      const report = await estimateStrength(password);
      const longEnough = password.length >= MIN_PASSWORD_LENGTH;
      return {
        score: report.score,
        acceptable: longEnough && report.score >= MIN_SCORE,
        feedback: !longEnough
          ? `Use at least ${MIN_PASSWORD_LENGTH} characters.`
          : report.score >= MIN_SCORE
            ? null
            : (report.warning ?? report.suggestions[0] ?? 'It would be guessed too quickly.'),
      };
    },
    'vault:create': async ({ password }) => {
      const created = await wallet.vault.create(password);
      services.activity();
      return created;
    },
    'vault:unlock': async ({ password }) => {
      await wallet.vault.unlock(password);
      services.activity();
      followTeamHubs(wallet);
      return null;
    },
    'vault:unlockWithKeychain': () => {
      services.keychain.unlock();
      services.activity();
      followTeamHubs(wallet);
      return null;
    },
    'vault:lock': () => {
      wallet.vault.lock();
      return null;
    },
    'vault:changePassword': async ({ currentPassword, newPassword }) => {
      await wallet.vault.changePassword(currentPassword, newPassword);
      if (wallet.vault.isUnlocked())
        wallet.audit.record({ actor: APP_ACTOR, action: 'vault.change_password', result: 'ok' });
      return null;
    },
    'vault:recover': async ({ recoveryKey, newPassword }) => {
      const result = await wallet.vault.recover(recoveryKey, newPassword);
      wallet.audit.record({ actor: APP_ACTOR, action: 'vault.recover', result: 'ok' });
      services.activity();
      followTeamHubs(wallet);
      return result;
    },
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
    'keys:validate': (input) => {
      if ('id' in input) {
        const key = wallet.keys.get(input.id);
        const secret = wallet.keys.reveal(input.id);
        return services.validateKey({ provider: key.provider, secret, baseUrl: key.baseUrl });
      }
      return services.validateKey({
        provider: input.provider,
        secret: input.secret,
        baseUrl: input.baseUrl ?? null,
      });
    },
    'tokens:list': () => {
      wallet.vault.session();
      return wallet.tokens.list();
    },
    'tokens:create': (input) => wallet.tokens.create(input),
    'tokens:regenerate': ({ id }) => wallet.tokens.regenerate(id),
    'tokens:revoke': ({ id }) => wallet.tokens.revoke(id),
    'audit:list': (query) => wallet.audit.list(query),
    'settings:get': () => services.settings.get(),
    'settings:set': (patch) => services.settings.set(patch),
    'endpoint:status': () => services.endpoint.status(),
    'activity:ping': () => {
      services.activity();
      return null;
    },
  };
}
