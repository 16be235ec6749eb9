// Preferences, the OS-keychain unlock and the loopback endpoint's status. Settings are readable
// while locked; saving applies at once in main (a new port restarts the endpoint), so the endpoint
// status is fetched again after every save.
import { createStore } from 'zustand/vanilla';
import type { z } from 'zod';
import type { EndpointStatusSchema, KeychainStatusSchema } from '#shared/ipc/contract.js';
import type { CliCommandStatus } from '#shared/schemas/cli-command.js';
import type { Settings, SettingsPatch } from '#shared/schemas/settings.js';
import { messageOf, type AikeyServices } from '../services/services';
import type { LoadStatus } from './keys/types';

export type KeychainStatus = z.infer<typeof KeychainStatusSchema>;
export type EndpointStatus = z.infer<typeof EndpointStatusSchema>;

export interface SettingsState {
  settings: Settings | null;
  keychain: KeychainStatus | null;
  endpoint: EndpointStatus | null;
  /** "Install the aikey command": where it goes and whether it is there. */
  cli: CliCommandStatus | null;
  status: LoadStatus;
  error: string | null;
}

export interface SettingsActions {
  load(): Promise<void>;
  /** Rejects with the AikeyError for the form to show. */
  save(patch: SettingsPatch): Promise<void>;
  refreshEndpoint(): Promise<void>;
  /** Main pushed the endpoint's new state (endpoint:state). */
  endpointChanged(endpoint: EndpointStatus): void;
  enableKeychain(password: string): Promise<void>;
  disableKeychain(): Promise<void>;
  /** Rejects with the AikeyError for the setting to show. */
  installCli(): Promise<void>;
}

export type SettingsStore = SettingsState & SettingsActions;

type Deps = { services: Pick<AikeyServices, 'settings' | 'keychain' | 'endpoint' | 'cli'> };

export function createSettingsStore({ services }: Deps) {
  return createStore<SettingsStore>()((set, get) => ({
    settings: null,
    keychain: null,
    endpoint: null,
    cli: null,
    status: 'idle',
    error: null,

    load: async () => {
      set({ status: get().settings === null ? 'loading' : 'ready', error: null });
      try {
        const [settings, keychain, endpoint, cli] = await Promise.all([
          services.settings.get(),
          services.keychain.status(),
          services.endpoint.status(),
          services.cli.status(),
        ]);
        set({ settings, keychain, endpoint, cli, status: 'ready' });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },

    save: async (patch) => {
      set({ settings: await services.settings.set(patch) });
      await get().refreshEndpoint();
    },

    refreshEndpoint: async () => {
      try {
        set({ endpoint: await services.endpoint.status() });
      } catch {
        set({ endpoint: null });
      }
    },

    endpointChanged: (endpoint) => set({ endpoint }),

    enableKeychain: async (password) => {
      set({ keychain: await services.keychain.enable({ password }) });
    },

    disableKeychain: async () => {
      set({ keychain: await services.keychain.disable() });
    },

    installCli: async () => {
      set({ cli: await services.cli.install() });
    },
  }));
}
