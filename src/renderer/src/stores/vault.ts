// The vault's life as the window sees it: none yet -> created (recovery key on screen once) ->
// unlocked <-> locked. It polls nothing: the shell calls refresh() when main pushes vault:state and
// on focus, so an auto-lock in main shows up here. It must never keep a password, and the recovery key only
// until the user confirms they saved it.
import { createStore } from 'zustand/vanilla';
import type { z } from 'zod';
import type { PasswordStrengthSchema } from '#shared/ipc/contract.js';
import { isAikeyError } from '#shared/errors.js';
import { messageOf, type AikeyServices } from '../services/services';

export type PasswordStrength = z.infer<typeof PasswordStrengthSchema>;
export type VaultPhase = 'loading' | 'unreachable' | 'create' | 'recovery' | 'locked' | 'unlocked';

export interface VaultState {
  phase: VaultPhase;
  keychainUnlock: boolean;
  /** Shown once after create or recover; dropped on acknowledgeRecovery. */
  recoveryKey: string | null;
  error: { code: string; message: string } | null;
  /** Epoch ms before which unlocking is refused (TooManyAttempts). */
  retryAt: number | null;
  busy: boolean;
  strength: PasswordStrength | null;
}

export interface VaultActions {
  refresh(): Promise<void>;
  checkStrength(password: string): void;
  create(password: string): Promise<void>;
  acknowledgeRecovery(): void;
  unlock(password: string): Promise<void>;
  unlockWithKeychain(): Promise<void>;
  recover(recoveryKey: string, newPassword: string): Promise<void>;
  /** After a VaultCorrupt unlock: the newest backup replaces the damaged file (kept) and opens. */
  restoreBackup(password: string): Promise<void>;
  lock(): Promise<void>;
  /** Resolves true when changed; the error is in state otherwise. */
  changePassword(currentPassword: string, newPassword: string): Promise<boolean>;
  clearError(): void;
}

export type VaultStore = VaultState & VaultActions;

export interface VaultDeps {
  services: Pick<AikeyServices, 'vault'>;
  now?: () => number;
  /** Wait after the last keystroke before asking main to score the password. */
  strengthDelayMs?: number;
}

const initial: VaultState = {
  phase: 'loading',
  keychainUnlock: false,
  recoveryKey: null,
  error: null,
  retryAt: null,
  busy: false,
  strength: null,
};

export function createVaultStore({ services, now = Date.now, strengthDelayMs = 250 }: VaultDeps) {
  let strengthTimer: ReturnType<typeof setTimeout> | undefined;
  let strengthSeq = 0;

  return createStore<VaultStore>()((set, get) => {
    const failed = (error: unknown) => {
      const code = isAikeyError(error) ? error.code : 'Internal';
      const retryAfterMs = isAikeyError(error) ? error.retryAfterMs : undefined;
      set({
        busy: false,
        error: { code, message: messageOf(error) },
        retryAt: retryAfterMs === undefined ? null : now() + retryAfterMs,
      });
    };
    const run = async (work: () => Promise<Partial<VaultState>>) => {
      set({ busy: true, error: null });
      try {
        set({ ...(await work()), busy: false });
      } catch (error) {
        failed(error);
      }
    };

    return {
      ...initial,

      refresh: async () => {
        try {
          const status = await services.vault.status();
          // While the recovery key is on screen the vault is already unlocked; stay on that screen.
          if (get().phase === 'recovery' && status.unlocked) return;
          const phase: VaultPhase = !status.exists ? 'create' : status.unlocked ? 'unlocked' : 'locked';
          // A new screen starts without the last screen's error.
          set({
            ...(phase === get().phase
              ? { keychainUnlock: status.keychainUnlock }
              : { phase, keychainUnlock: status.keychainUnlock, error: null, retryAt: null }),
            // A lock (auto-lock on the recovery screen included) takes the recovery key off screen.
            ...(status.unlocked ? {} : { recoveryKey: null }),
          });
        } catch (error) {
          if (get().phase === 'loading')
            set({ phase: 'unreachable', error: { code: 'Internal', message: messageOf(error) } });
        }
      },

      checkStrength: (password) => {
        clearTimeout(strengthTimer);
        const seq = ++strengthSeq;
        if (password === '') {
          set({ strength: null });
          return;
        }
        strengthTimer = setTimeout(() => {
          services.vault.passwordStrength({ password }).then(
            (strength) => {
              if (seq === strengthSeq) set({ strength });
            },
            () => {
              if (seq === strengthSeq) set({ strength: null });
            },
          );
        }, strengthDelayMs);
      },

      create: (password) =>
        run(async () => {
          const { recoveryKey } = await services.vault.create({ password });
          return { phase: 'recovery', recoveryKey, strength: null };
        }),

      acknowledgeRecovery: () => {
        set({ recoveryKey: null, phase: 'unlocked' });
        // Main decides: if the vault locked meanwhile, this lands on the unlock screen.
        void get().refresh();
      },

      unlock: (password) =>
        run(async () => {
          await services.vault.unlock({ password });
          return { phase: 'unlocked', retryAt: null };
        }),

      unlockWithKeychain: () =>
        run(async () => {
          await services.vault.unlockWithKeychain();
          return { phase: 'unlocked', retryAt: null };
        }),

      recover: (recoveryKey, newPassword) =>
        run(async () => {
          // Recovery leaves the vault unlocked and issues a new recovery key, shown like the first.
          const result = await services.vault.recover({ recoveryKey, newPassword });
          return { phase: 'recovery', recoveryKey: result.recoveryKey, retryAt: null };
        }),

      restoreBackup: (password) =>
        run(async () => {
          await services.vault.restoreBackup({ password });
          return { phase: 'unlocked', retryAt: null };
        }),

      lock: () =>
        run(async () => {
          await services.vault.lock();
          return { phase: 'locked' };
        }),

      changePassword: async (currentPassword, newPassword) => {
        await run(() => services.vault.changePassword({ currentPassword, newPassword }).then(() => ({})));
        return get().error === null;
      },

      clearError: () => set({ error: null, retryAt: null }),
    };
  });
}
