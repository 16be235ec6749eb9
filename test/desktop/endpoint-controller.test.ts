// The loopback endpoint follows the settings while the app runs: a new port restarts it there, a
// taken port becomes a status message instead of a crash, and turning it off stops it and removes
// endpoint.json. Every request goes to 127.0.0.1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawGet } from '../helpers/http.js';
import { freePort, holdPort, newDesktop } from './fixtures.js';

async function answers(port: number): Promise<boolean> {
  try {
    return (await rawGet(port, '/health')).status === 200;
  } catch {
    return false;
  }
}

describe('endpoint controller', () => {
  it('starts with the app on the configured port and moves when the port changes', async () => {
    const [first, second] = [await freePort(), await freePort()];
    const desktop = newDesktop({ settings: { endpointEnabled: true, endpointPort: first } });
    await desktop.start();
    expect(await desktop.call('endpoint:status')).toEqual({
      enabled: true,
      running: true,
      url: `http://127.0.0.1:${first}`,
      port: first,
      error: null,
    });
    expect(await answers(first)).toBe(true);

    await desktop.call('settings:set', { endpointPort: second });
    expect(await desktop.call('endpoint:status')).toMatchObject({ running: true, port: second, error: null });
    expect(await answers(second)).toBe(true);
    expect(await answers(first)).toBe(false);
  });

  it('reports a taken port in the status, keeps the app working, and recovers on another port', async () => {
    const taken = await freePort();
    await holdPort(taken);
    const desktop = newDesktop({ settings: { endpointEnabled: true, endpointPort: taken } });
    await desktop.start();
    const status = await desktop.call('endpoint:status');
    expect(status).toMatchObject({ enabled: true, running: false, url: null, port: null });
    expect(status.error).toMatch(new RegExp(`Port ${taken} on 127.0.0.1 is already used`));
    expect(await desktop.call('settings:get')).toMatchObject({ endpointPort: taken });

    const free = await freePort();
    await desktop.call('settings:set', { endpointPort: free });
    expect(await desktop.call('endpoint:status')).toMatchObject({ running: true, port: free, error: null });
  });

  it('stops when turned off, removing endpoint.json, and starts again when turned on', async () => {
    const port = await freePort();
    const desktop = newDesktop({ settings: { endpointEnabled: true, endpointPort: port } });
    await desktop.start();
    const discovery = join(desktop.dataDir, 'endpoint.json');
    expect(existsSync(discovery)).toBe(true);

    await desktop.call('settings:set', { endpointEnabled: false });
    expect(await desktop.call('endpoint:status')).toEqual({
      enabled: false,
      running: false,
      url: null,
      port: null,
      error: null,
    });
    expect(await answers(port)).toBe(false);
    expect(existsSync(discovery)).toBe(false);

    await desktop.call('settings:set', { endpointEnabled: true });
    expect(await answers(port)).toBe(true);
  });

  it('does not start at all when off in the settings, and stops on close', async () => {
    const port = await freePort();
    const off = newDesktop({ settings: { endpointEnabled: false, endpointPort: port } });
    await off.start();
    expect(await answers(port)).toBe(false);

    const on = newDesktop({ settings: { endpointEnabled: true, endpointPort: port } });
    await on.start();
    expect(await answers(port)).toBe(true);
    await on.close();
    expect(await answers(port)).toBe(false);
  });

  it('serves keys once unlocked: the endpoint and the app share one vault', async () => {
    const port = await freePort();
    const desktop = newDesktop({ settings: { endpointEnabled: true, endpointPort: port } });
    await desktop.start();
    expect((await rawGet(port, '/health')).json).toMatchObject({ locked: true });
    await desktop.call('vault:create', { password: 'correct horse battery staple 42!' });
    expect((await rawGet(port, '/health')).json).toMatchObject({ locked: false });
  });
});
