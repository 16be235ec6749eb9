// The closed event API: window.aikey.on has one subscription per contract event and nothing else,
// each event name has a schema and never shares a name with an invoke channel, a listener gets the
// payload alone (never the transport's event object), and unsubscribing stops delivery.
import { describe, expect, it } from 'vitest';
import { buildAikeyApi } from '#preload/bridge.js';
import type { IpcEventTransport } from '#shared/ipc/api.js';
import { eventKey, IPC_CHANNELS, IPC_EVENTS, type IpcEvent } from '#shared/ipc/channels.js';
import { IPC_EVENT_CONTRACT } from '#shared/ipc/contract.js';

function fakeMain() {
  const listeners = new Map<IpcEvent, Set<(payload: unknown) => void>>();
  const events: IpcEventTransport = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  };
  const send = (event: IpcEvent, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  const api = buildAikeyApi(() => Promise.resolve({ ok: true, value: null }), events);
  return { api, send, listeners };
}

describe('the event contract', () => {
  it('gives every event a schema and no event the name of a channel', () => {
    expect(Object.keys(IPC_EVENT_CONTRACT).sort()).toEqual([...IPC_EVENTS].sort());
    for (const event of IPC_EVENTS) expect(IPC_CHANNELS as readonly string[]).not.toContain(event);
  });

  it('refuses payloads with fields outside the contract', () => {
    expect(IPC_EVENT_CONTRACT['vault:state'].safeParse({ state: 'auto-locked' }).success).toBe(true);
    expect(IPC_EVENT_CONTRACT['vault:state'].safeParse({ state: 'locked', why: 'x' }).success).toBe(false);
    expect(IPC_EVENT_CONTRACT['keys:changed'].safeParse({ stamp: 'a', name: 'k' }).success).toBe(false);
    expect(IPC_EVENT_CONTRACT['tokens:changed'].safeParse({}).success).toBe(false);
  });
});

describe('window.aikey.on', () => {
  it('has exactly one frozen subscription per contract event', () => {
    const { api } = fakeMain();
    expect(Object.keys(api.on).sort()).toEqual(IPC_EVENTS.map(eventKey).sort());
    expect(eventKey('vault:state')).toBe('vaultState');
    expect(Object.isFrozen(api.on)).toBe(true);
  });

  it('hands the listener the payload alone and stops after unsubscribe', () => {
    const { api, send, listeners } = fakeMain();
    const heard: unknown[] = [];
    const stop = api.on.vaultState((payload) => heard.push(payload));
    send('vault:state', { state: 'auto-locked' });
    send('keys:changed', { stamp: 'x' });
    stop();
    send('vault:state', { state: 'unlocked' });
    expect(heard).toEqual([{ state: 'auto-locked' }]);
    expect(listeners.get('vault:state')?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const { api } = fakeMain();
    expect(() => api.on.keysChanged('keys:changed' as unknown as () => void)).toThrow(TypeError);
  });
});
