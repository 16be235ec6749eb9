// The desktop app's composition root, in plain Node: the wallet, its settings, the loopback endpoint
// the settings control, auto-lock, OS-keychain unlock, live validation, and the IPC router over all
// of them. Electron's index.ts only passes capabilities in (safeStorage, powerMonitor events) and
// the e2e harness uses this same function, so what the tests drive is what the app runs. Nothing
// here imports electron, and nothing logged here carries input, a key or a password.
import { homedir } from 'node:os';
import process from 'node:process';
import type { IpcChannel } from '#shared/ipc/channels.js';
import type { Settings } from '#shared/schemas/settings.js';
import { EndpointController } from './endpoint-controller.js';
import { createIpcHandlers, type DesktopServices } from './ipc/handlers.js';
import { createIpcRouter, type IpcRouter } from './ipc/router.js';
import { validateKeyRequest } from '#core/keys/validate-key.js';
import { SettingsStore } from '#core/settings/settings-store.js';
import { AutoLock } from './auto-lock.js';
import { CliCommand, type CliCommandOptions } from './cli-command.js';
import { ChangeWatcher } from './change-watcher.js';
import { SecretClipboard, type PlatformClipboard } from './clipboard.js';
import { BackgroundState } from './background-state.js';
import { NotificationScheduler } from './notification-scheduler.js';
import { readBudgetUses } from './budget-notices.js';
import type { Notice, TamperReport, TokenUseSeen } from './notifications.js';
import { DesktopEvents } from './events.js';
import { DesktopApprovals } from './approvals.js';
import { vaultChangeStamp } from '#core/keys/change-stamp.js';
import { ImportService, type ImportScanPlace } from './import-service.js';
import { KeychainUnlock, type KeychainBackend } from './keychain.js';
import type { VaultOptions } from '#core/vault/vault.js';
import { createWallet, type Wallet } from '#core/wallet.js';

export type { KeychainBackend } from './keychain.js';
export type { PlatformClipboard } from './clipboard.js';
export type { ImportScanPlace } from './import-service.js';

export interface DesktopOptions {
  dataDir: string;
  /** Tests and the harness pass KDF_FLOOR. */
  kdf?: VaultOptions['kdf'];
  migrationsFolder?: string;
  /** Electron's safeStorage in the app; the harness passes one whose backend() is 'basic_text'. */
  keychain: KeychainBackend;
  /** Electron's clipboard in the app; a recording stand-in in tests and the harness. */
  clipboard: PlatformClipboard;
  /** Shows a system notification (Electron's Notification); without it no notifications run. */
  notify?: (notice: Notice) => void;
  /** Which concealment markers to write; process.platform unless a test says otherwise. */
  platform?: NodeJS.Platform;
  /** Live validation; tests point base URLs at a fake provider on loopback. */
  fetch?: typeof fetch;
  /** ['app://aikey'] in Electron (plus the dev server when not packaged); the harness origin in e2e. */
  allowedOrigins: readonly string[];
  checkOutputs?: boolean;
  /** Where "Install the aikey command" writes, and the CLI it points at (none: the button says so). */
  cliCommand?: CliCommandOptions;
  /** Where "Scan this computer" looks: the user's home and environment unless a test says otherwise. */
  importScan?: ImportScanPlace;
  /** The Import screen's "Choose a file": Electron's open dialog in the app, a stand-in in the harness. */
  chooseImportFile?: () => Promise<string | null>;
  now?: () => number;
  /** How long an "Ask before use" request waits for the user (60 s by default). */
  approvalTimeoutMs?: number;
}

export interface Desktop {
  wallet: Wallet;
  services: DesktopServices;
  router: IpcRouter;
  /** What main pushes to the window (Electron's webContents.send, the harness's stream). */
  events: DesktopEvents;
  /** Starts the loopback endpoint per settings (endpointEnabled/endpointPort) and the auto-lock timer. */
  start(): Promise<void>;
  /** Stops the endpoint, locks, closes. */
  close(): Promise<void>;
  /** For Electron's powerMonitor: suspend / lock-screen -> lock when settings.lockOnSuspend. */
  systemSuspended(): void;
  /** A notification's click: the window shows this screen (app:navigate). */
  navigate(screen: Notice['target']['screen']): void;
  /** Told after every settings change (the login item follows startAtLogin). */
  onSettingsChange(listener: (next: Settings) => void): () => void;
  /**
   * A token was used (the endpoint controller's onTokenUse): a caller the token has not seen before
   * becomes a "used from a new program" notice at once. Waits on the endpoint reporting uses.
   */
  tokenUsed(use: TokenUseSeen): void;
}

/** Names what failed without its message or fields, which could echo user input. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}

const endpointConfig = (settings: Settings) => ({
  enabled: settings.endpointEnabled,
  port: settings.endpointPort,
});

export function createDesktop(options: DesktopOptions): Desktop {
  const { dataDir } = options;
  const wallet = createWallet({
    dataDir,
    ...(options.kdf ? { kdf: options.kdf } : {}),
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const settings = new SettingsStore({
    dataDir,
    onDamagedFile: (reason) => console.warn(`aikey: ${reason}`),
  });
  const events = new DesktopEvents({
    onListenerError: (event, error) =>
      console.warn(`aikey: a ${event} listener failed: ${describeFailure(error)}`),
  });
  // "Ask before use": the endpoint waits on this gate; the window shows its prompts.
  const approvals = new DesktopApprovals({
    onPrompt: (prompt) => events.emit('approvals:prompt', prompt),
    onSettled: (id) => events.emit('approvals:settled', { id }),
    ...(options.approvalTimeoutMs === undefined ? {} : { timeoutMs: options.approvalTimeoutMs }),
    ...(options.now ? { now: options.now } : {}),
  });
  const endpoint = new EndpointController({
    wallet,
    dataDir,
    approvals,
    ...(options.now ? { now: options.now } : {}),
    onError: (error) =>
      console.warn(`aikey: the loopback endpoint failed to start: ${describeFailure(error)}`),
    onStatus: (status) => events.emitIfChanged('endpoint:state', status),
    onTokenUse: (use) => tokenUsed(use),
    prices: () => settings.get().priceOverrides,
  });
  const initial = settings.get();
  // Set by the idle timer or a suspend just before it locks, read by the lock listener below.
  let autoLocking = false;
  const autoLock = new AutoLock({
    vault: wallet.vault,
    minutes: initial.autoLockMinutes,
    lockOnSuspend: initial.lockOnSuspend,
    beforeAutoLock: () => {
      autoLocking = true;
    },
  });
  const secretClipboard = new SecretClipboard({
    clipboard: options.clipboard,
    platform: options.platform ?? process.platform,
    clearSeconds: () => settings.get().clipboardClearSeconds,
  });
  const notifications =
    options.notify === undefined
      ? null
      : createNotifications(wallet, settings, events, options.notify, dataDir, options.now);
  const tokenUsed = (use: TokenUseSeen): void => {
    if (notifications === null) return;
    notifications.tokenUsed(use);
    notifications.checkQuietly();
  };
  const changes = new ChangeWatcher({
    events,
    stamps: {
      keys: () => (wallet.vault.isUnlocked() ? vaultChangeStamp(wallet.vault.session()) : null),
      tokens: () => wallet.tokens.changeStamp(),
    },
  });
  settings.onChange((next, previous) => {
    if (next.autoLockMinutes !== previous.autoLockMinutes || next.lockOnSuspend !== previous.lockOnSuspend) {
      autoLock.configure({ minutes: next.autoLockMinutes, lockOnSuspend: next.lockOnSuspend });
    }
  });
  const keychain = new KeychainUnlock(wallet.vault, options.keychain, dataDir);
  // Whatever opened the vault (password, keychain, recovery key, a new vault): restart the idle
  // timer and follow the joined team hubs live.
  wallet.vault.onUnlock(() => {
    autoLock.activity();
    wallet.hubs.followAll();
    changes.rebase();
    events.emit('vault:state', { state: 'unlocked' });
  });
  // A sync's outcome (a live pull, a failure that writes nothing) changes what the Hubs screen shows.
  wallet.hubs.onSynced(({ hubId }) => events.emit('hubs:changed', { hubId }));
  wallet.vault.onLock(() => {
    const state = autoLocking ? 'auto-locked' : 'locked';
    autoLocking = false;
    changes.rebase();
    // Grants end with the lock; a request still waiting for an answer is refused.
    approvals.clear();
    // A copied key leaves the clipboard with the lock, not when its timer runs out.
    void secretClipboard.clearIfHeld();
    events.emit('vault:state', { state });
  });

  const cliCommand = new CliCommand(
    options.cliCommand ?? {
      platform: process.platform,
      homeDir: homedir(),
      pathEnv: process.env.PATH ?? '',
      localAppData: process.env.LOCALAPPDATA,
      launcher: null,
    },
  );
  const importer = new ImportService({
    wallet,
    dataDir,
    place: options.importScan ?? { home: homedir(), env: process.env },
    chooseFile: options.chooseImportFile,
    onProgress: (progress) => events.emit('import:progress', progress),
    now: options.now ?? Date.now,
  });
  const services: DesktopServices = {
    wallet,
    settings: {
      get: () => settings.get(),
      // Resolves once the endpoint runs as the new settings say, so endpoint:status right after agrees.
      set: async (patch) => {
        const next = settings.set(patch);
        await endpoint.apply(endpointConfig(next));
        return next;
      },
    },
    endpoint: { status: () => endpoint.status() },
    cliCommand,
    validateKey: (request) =>
      validateKeyRequest(wallet.keys, request, options.fetch ? { fetch: options.fetch } : {}),
    keychain: {
      status: () => keychain.status(),
      enable: (password) => keychain.enable(password),
      disable: () => keychain.disable(),
      unlock: () => keychain.unlock(),
    },
    clipboard: {
      copySecret: (id) => secretClipboard.copy(wallet.keys.reveal(id)),
      copyOneTime: (text) => secretClipboard.copy(text),
    },
    approvals,
    activity: () => autoLock.activity(),
    importer,
  };

  const router = createIpcRouter(createIpcHandlers(services), {
    allowedOrigins: options.allowedOrigins,
    ...(options.checkOutputs === undefined ? {} : { checkOutputs: options.checkOutputs }),
    onInternalError: (channel: IpcChannel, error: unknown) =>
      console.error(`aikey: ${channel} failed: ${describeFailure(error)}`),
  });

  return {
    wallet,
    services,
    router,
    events,
    async start() {
      autoLock.start();
      changes.start();
      notifications?.start();
      await endpoint.apply(endpointConfig(settings.get()));
    },
    async close() {
      importer.cancel();
      autoLock.stop();
      changes.stop();
      notifications?.stop();
      await secretClipboard.clearIfHeld();
      await endpoint.stop();
      wallet.close();
    },
    systemSuspended() {
      autoLock.systemSuspended();
    },
    navigate: (screen) => events.emit('app:navigate', { screen }),
    onSettingsChange: (listener) => settings.onChange((next) => listener(next)),
    tokenUsed: (use) => endpoint.tokenUsed(use),
  };
}

/**
 * The notification scheduler over this wallet: it looks hourly and whenever keys, tokens or the
 * vault's state change, reads nothing while locked, and remembers what it showed in
 * desktop-state.json so a notice is never repeated across runs.
 */
function createNotifications(
  wallet: Wallet,
  settings: SettingsStore,
  events: DesktopEvents,
  notify: (notice: Notice) => void,
  dataDir: string,
  now: () => number = Date.now,
): NotificationScheduler {
  const ledger = new BackgroundState(dataDir);
  const scheduler = new NotificationScheduler({
    show: notify,
    ledger: { sent: () => ledger.sentNotices(), markSent: (ids) => ledger.markNoticesSent(ids) },
    sources: {
      now,
      settings: () => settings.get(),
      snapshot: () => {
        if (!wallet.vault.isUnlocked()) return null;
        const reports: TamperReport[] = wallet.hubs
          .overview()
          .filter((hub) => hub.kind === 'team')
          .flatMap((hub) =>
            wallet.hubs
              .reports(hub.id)
              .map((r) => ({ id: r.id, hubId: hub.id, hubName: hub.name, kind: r.kind })),
          );
        const tokens = wallet.tokens.list();
        // Budgets are read from the broker's call log (totals per token since the period's start).
        const budgets = readBudgetUses(tokens, wallet.tokens, now());
        return { keys: wallet.keys.list({}), tokens, reports, budgets };
      },
    },
  });
  events.subscribe((event) => {
    if (event === 'keys:changed' || event === 'tokens:changed' || event === 'vault:state')
      scheduler.checkQuietly();
  });
  return scheduler;
}
