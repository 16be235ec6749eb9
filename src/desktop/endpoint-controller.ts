// Runs the loopback endpoint the way the settings say: on or off, on which port. A settings change
// applies at once (stop, then start on the new port). A port another program holds, or a second
// wallet already serving, becomes a readable status error, never a crash of the app. Changes are
// serialized so a quick on/off/on never leaves two servers or a stray discovery file.
import type { PriceTable } from '#shared/prices.js';
import { isAikeyError } from '#shared/errors.js';
import type { EndpointStatus } from '#shared/schemas/endpoint.js';
import type { Wallet } from '#core/wallet.js';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import type { TokenUseSeen } from './notifications.js';
import type { ApprovalGate } from '#core/endpoint/approval-gate.js';

export interface EndpointControllerOptions {
  wallet: Wallet;
  dataDir: string;
  /** Asks the user before an "Ask before use" token is used (approvals.ts). */
  approvals?: ApprovalGate;
  now?: () => number;
  /** Told about a failure to start that is not a taken port (never with secrets). */
  onError?: (error: unknown) => void;
  /** Told the status after every start, stop or restart (the window's endpoint:state event). */
  onStatus?: (status: EndpointStatus) => void;
  /**
   * Told each time the endpoint sees a token used, with the calling program when the OS names it
   * (the "new caller" notice), reported by the endpoint once per connection.
   */
  onTokenUse?: (use: TokenUseSeen) => void;
  /** The user's prices for the broker (settings.priceOverrides), read at each call. */
  prices?: () => PriceTable;
}

export interface EndpointConfig {
  enabled: boolean;
  port: number;
}

export class EndpointController {
  private running: RunningEndpoint | null = null;
  private config: EndpointConfig = { enabled: false, port: 0 };
  private error: string | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: EndpointControllerOptions) {}

  status(): EndpointStatus {
    return {
      enabled: this.config.enabled,
      running: this.running !== null,
      url: this.running?.url ?? null,
      port: this.running?.port ?? null,
      error: this.error,
    };
  }

  /** Starts, stops or restarts to match `config`; resolves once the endpoint is in that state. */
  apply(config: EndpointConfig): Promise<EndpointStatus> {
    const step = this.queue.then(() => this.reconcile(config));
    this.queue = step.catch(() => undefined);
    return step.then(() => {
      const status = this.status();
      this.options.onStatus?.(status);
      return status;
    });
  }

  /**
   * The endpoint's report of a token's use (once per connection, with the caller's executable where
   * the OS says), passed on for the "new caller" notice; never with the token's value.
   */
  tokenUsed(use: TokenUseSeen): void {
    this.options.onTokenUse?.(use);
  }

  /** Stops the endpoint (app quit); settings are not changed. */
  stop(): Promise<EndpointStatus> {
    return this.apply({ ...this.config, enabled: false });
  }

  private async reconcile(config: EndpointConfig): Promise<void> {
    const samePort = this.running !== null && this.config.port === config.port;
    this.config = { ...config };
    if (config.enabled && samePort) return;
    if (this.running) {
      const previous = this.running;
      this.running = null;
      await previous.close();
    }
    this.error = null;
    if (!config.enabled) return;
    try {
      this.running = await startEndpoint({
        wallet: this.options.wallet,
        dataDir: this.options.dataDir,
        port: config.port,
        ...(this.options.approvals ? { approvals: this.options.approvals } : {}),
        ...(this.options.onTokenUse ? { onTokenUse: (use: TokenUseSeen) => this.tokenUsed(use) } : {}),
        ...(this.options.now ? { now: this.options.now } : {}),
        ...(this.options.prices ? { broker: { prices: this.options.prices } } : {}),
      });
    } catch (error) {
      if (isAikeyError(error, 'EndpointInUse')) {
        this.error = error.message;
      } else {
        this.error = 'The loopback endpoint could not start.';
        this.options.onError?.(error);
      }
    }
  }
}
