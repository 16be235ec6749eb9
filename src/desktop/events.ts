// Main's side of the pushed events: one emitter the desktop's parts report to (vault locked or
// unlocked, keys or tokens changed, the endpoint's state) and the transports listen on (Electron's
// webContents.send in src/main, the e2e harness's loopback stream). Plain Node, so tests and the
// harness run exactly what the app runs. Every payload is parsed with the contract's schema before
// it leaves, so nothing outside the contract (a key, a name) can ride along; nothing here logs.
import type { IpcEvent } from '#shared/ipc/channels.js';
import { IPC_EVENT_CONTRACT, type IpcEventPayload } from '#shared/ipc/contract.js';

export type DesktopEventListener = <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;

export interface DesktopEventsOptions {
  /** Told when a listener throws (a window gone mid-send); the other listeners still hear the event. */
  onListenerError?: (event: IpcEvent, error: unknown) => void;
}

export class DesktopEvents {
  private readonly listeners = new Set<DesktopEventListener>();
  /** The last payload of each event, so an unchanged state is not pushed twice. */
  private readonly last = new Map<IpcEvent, string>();

  constructor(private readonly options: DesktopEventsOptions = {}) {}

  /** Parses `payload` with the event's schema (throws on a contract breach: a bug in main) and sends it. */
  emit<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void {
    const parsed = IPC_EVENT_CONTRACT[event].parse(payload) as IpcEventPayload<E>;
    this.last.set(event, JSON.stringify(parsed));
    for (const listener of [...this.listeners]) {
      try {
        listener(event, parsed);
      } catch (error) {
        this.options.onListenerError?.(event, error);
      }
    }
  }

  /** Like emit, but stays quiet when the payload equals the last one sent for this event. */
  emitIfChanged<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void {
    const parsed = IPC_EVENT_CONTRACT[event].parse(payload) as IpcEventPayload<E>;
    if (this.last.get(event) === JSON.stringify(parsed)) return;
    this.emit(event, parsed);
  }

  subscribe(listener: DesktopEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
