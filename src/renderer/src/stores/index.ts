// The app's one instance of each domain store, wired to window.aikey, and
// the hooks components read them through. Tests never import this file: they build stores with
// fakes. When the vault leaves the unlocked state (Lock, auto-lock), every store that holds vault
// data forgets it (main clears a copied secret from the clipboard itself).
import { useStore } from 'zustand';
import { createServices } from '../services/services';
import { createAuditStore, type AuditStore } from './audit';
import { createHubsStore, type HubsStore } from './hubs';
import { createImportStore, type ImportStore } from './import';
import { createKeysStore } from './keys/store';
import type { KeysStore } from './keys/types';
import { forgetOnLock } from './session';
import { createSettingsStore, type SettingsStore } from './settings';
import { createToastsStore, type ToastsStore } from './toasts';
import { createTokensStore, type TokensStore } from './tokens';
import { createUsageStore } from './usage';
import { createVaultStore, type VaultStore } from './vault';

export const services = createServices(() => (typeof window === 'undefined' ? undefined : window.aikey));

export const vaultStore = createVaultStore({ services });
export const keysStore = createKeysStore({ services });
export const tokensStore = createTokensStore({ services });
export const hubsStore = createHubsStore({ services });
export const auditStore = createAuditStore({ services });
export const settingsStore = createSettingsStore({ services });
export const toastsStore = createToastsStore();
export const usageStore = createUsageStore({ services });
export const importStore = createImportStore({ services });

forgetOnLock(vaultStore, [keysStore, tokensStore, auditStore, hubsStore, importStore]);

export const useVault = <T>(select: (s: VaultStore) => T) => useStore(vaultStore, select);
export const useKeys = <T>(select: (s: KeysStore) => T) => useStore(keysStore, select);
export const useTokens = <T>(select: (s: TokensStore) => T) => useStore(tokensStore, select);
export const useHubs = <T>(select: (s: HubsStore) => T) => useStore(hubsStore, select);
export const useAudit = <T>(select: (s: AuditStore) => T) => useStore(auditStore, select);
export const useSettings = <T>(select: (s: SettingsStore) => T) => useStore(settingsStore, select);
export const useImport = <T>(select: (s: ImportStore) => T) => useStore(importStore, select);
export const useToasts = <T>(select: (s: ToastsStore) => T) => useStore(toastsStore, select);

/** Shows a toast from anywhere (an action's outcome). */
export const notify = (toast: Parameters<ToastsStore['push']>[0]) => toastsStore.getState().push(toast);
