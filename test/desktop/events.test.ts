// Push, not poll: what main tells the window without being asked. The emitter refuses a payload
// outside the contract and keeps one failing window from silencing the rest; the desktop reports
// every lock and unlock (saying when it locked itself), keys and tokens changed by another process
// on the same vault (the CLI), and the endpoint's state. The change watcher's own timer is real but
// unref'd; tests wait for the event, never for a duration.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeWatcher, type WatchTimers } from '#desktop/change-watcher.js';
import { DesktopEvents } from '#desktop/events.js';
import type { IpcEvent } from '#shared/ipc/channels.js';
import { newWallet, SAMPLE_KEYS, STRONG_PASSWORD } from '../helpers/temp-wallet.js';
import { newDesktop, type TestDesktop } from './fixtures.js';

afterEach(() => {
  vi.useRealTimers();
});

function record(events: DesktopEvents) {
  const heard: { event: IpcEvent; payload: unknown }[] = [];
  events.subscribe((event, payload) => heard.push({ event, payload }));
  return {
    heard,
    of: (name: IpcEvent) => heard.filter((h) => h.event === name).map((h) => h.payload),
  };
}

async function unlockedDesktop(settings: Parameters<typeof newDesktop>[0] = {}) {
  const desktop = newDesktop(settings);
  await desktop.call('vault:create', { password: STRONG_PASSWORD });
  await desktop.start();
  return desktop;
}

describe('the event emitter', () => {
  it('sends each payload to every subscriber until it unsubscribes', () => {
    const events = new DesktopEvents();
    const first = record(events);
    const heard: unknown[] = [];
    const stop = events.subscribe((_event, payload) => heard.push(payload));
    events.emit('vault:state', { state: 'locked' });
    stop();
    events.emit('vault:state', { state: 'unlocked' });
    expect(first.of('vault:state')).toEqual([{ state: 'locked' }, { state: 'unlocked' }]);
    expect(heard).toEqual([{ state: 'locked' }]);
  });

  it('refuses a payload the contract does not allow, so nothing extra can ride along', () => {
    const events = new DesktopEvents();
    const { heard } = record(events);
    const withSecret = { stamp: 'a', secret: SAMPLE_KEYS.openai } as unknown as { stamp: string };
    expect(() => events.emit('keys:changed', withSecret)).toThrow();
    expect(() => events.emit('vault:state', { state: 'open' as 'locked' })).toThrow();
    expect(heard).toEqual([]);
  });

  it('keeps telling the other windows when one listener throws', () => {
    const failures: IpcEvent[] = [];
    const events = new DesktopEvents({ onListenerError: (event) => failures.push(event) });
    events.subscribe(() => {
      throw new Error('window gone');
    });
    const { of } = record(events);
    events.emit('tokens:changed', { stamp: '1:1' });
    expect(of('tokens:changed')).toEqual([{ stamp: '1:1' }]);
    expect(failures).toEqual(['tokens:changed']);
  });

  it('stays quiet when a state is pushed again unchanged', () => {
    const events = new DesktopEvents();
    const { of } = record(events);
    const stopped = { enabled: false, running: false, url: null, port: null, error: null };
    events.emitIfChanged('endpoint:state', stopped);
    events.emitIfChanged('endpoint:state', { ...stopped });
    events.emitIfChanged('endpoint:state', { ...stopped, enabled: true });
    expect(of('endpoint:state')).toHaveLength(2);
  });
});

describe('the change watcher', () => {
  function manualTimers() {
    const ticks: (() => void)[] = [];
    const timers: WatchTimers = { setInterval: (fn) => ticks.push(fn), clearInterval: () => undefined };
    return { timers, tick: () => ticks.forEach((fn) => fn()) };
  }

  it('pushes once per move of a stamp, and never for a lock or an unlock', () => {
    const events = new DesktopEvents();
    const { of } = record(events);
    let keys: string | null = 'a';
    let tokens = 't1';
    const { timers, tick } = manualTimers();
    const watcher = new ChangeWatcher({ events, timers, stamps: { keys: () => keys, tokens: () => tokens } });
    watcher.start();
    tick();
    expect(of('keys:changed')).toEqual([]);
    keys = 'b';
    tick();
    tick();
    expect(of('keys:changed')).toEqual([{ stamp: 'b' }]);
    keys = null; // locked
    tick();
    keys = 'c'; // a new session
    tick();
    expect(of('keys:changed')).toHaveLength(1);
    tokens = 't2';
    tick();
    expect(of('tokens:changed')).toEqual([{ stamp: 't2' }]);
  });

  it('treats a stamp that cannot be read as none, not as a crash', () => {
    const events = new DesktopEvents();
    const { heard } = record(events);
    const { timers, tick } = manualTimers();
    const failing = () => {
      throw new Error('database closed');
    };
    new ChangeWatcher({ events, timers, stamps: { keys: failing, tokens: failing } }).start();
    expect(() => tick()).not.toThrow();
    expect(heard).toEqual([]);
  });
});

describe('events the desktop pushes', () => {
  it('says locked and unlocked as the user locks and unlocks', async () => {
    const desktop = await unlockedDesktop();
    const { of } = record(desktop.events);
    await desktop.call('vault:lock');
    await desktop.call('vault:unlock', { password: STRONG_PASSWORD });
    expect(of('vault:state')).toEqual([{ state: 'locked' }, { state: 'unlocked' }]);
  });

  it('says auto-locked when the idle timer or a suspend locked the vault', async () => {
    const desktop = await unlockedDesktop({ settings: { autoLockMinutes: 5, lockOnSuspend: true } });
    const { of } = record(desktop.events);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await desktop.call('activity:ping');
    vi.advanceTimersByTime(5 * 60_000);
    expect(desktop.wallet.vault.isUnlocked()).toBe(false);
    await desktop.call('vault:unlock', { password: STRONG_PASSWORD });
    desktop.systemSuspended();
    await desktop.call('vault:unlock', { password: STRONG_PASSWORD });
    await desktop.call('vault:lock');
    expect(of('vault:state')).toEqual([
      { state: 'auto-locked' },
      { state: 'unlocked' },
      { state: 'auto-locked' },
      { state: 'unlocked' },
      { state: 'locked' },
    ]);
  });

  async function cliOn(desktop: TestDesktop) {
    const cli = newWallet({ dataDir: desktop.dataDir });
    await cli.vault.unlock(STRONG_PASSWORD);
    return cli;
  }

  it('pushes keys:changed when the CLI adds a key to the same vault', async () => {
    const desktop = await unlockedDesktop();
    const { of } = record(desktop.events);
    const cli = await cliOn(desktop);
    cli.keys.create({ provider: 'groq', name: 'from cli', secret: SAMPLE_KEYS.groq });
    await vi.waitFor(() => expect(of('keys:changed').length).toBeGreaterThan(0), { timeout: 10_000 });
    const [first] = of('keys:changed') as { stamp: string }[];
    expect(first?.stamp).toBe((await desktop.call('keys:changes')).stamp);
  });

  it('pushes tokens:changed when the CLI creates a token', async () => {
    const desktop = await unlockedDesktop();
    const { of } = record(desktop.events);
    const cli = await cliOn(desktop);
    cli.tokens.create({ name: 'ci' });
    await vi.waitFor(() => expect(of('tokens:changed').length).toBeGreaterThan(0), { timeout: 10_000 });
  });

  it("pushes the endpoint's state when a setting starts or stops it", async () => {
    const desktop = await unlockedDesktop();
    const { of } = record(desktop.events);
    await desktop.call('settings:set', { endpointEnabled: true, endpointPort: 0 });
    await desktop.call('settings:set', { endpointEnabled: false });
    const states = of('endpoint:state') as { running: boolean }[];
    expect(states.map((s) => s.running)).toEqual([true, false]);
  });
});
