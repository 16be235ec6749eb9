// `aikey serve`: the headless wallet. Unlocks the vault, serves the loopback endpoint until SIGINT or
// SIGTERM (`aikey lock` sends it), then flushes, locks and removes endpoint.json.
import { startEndpoint, DEFAULT_PORT } from '#core/endpoint/server.js';
import { SettingsStore } from '#core/settings/settings-store.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { createWallet } from '#core/wallet.js';
import { assertVaultHere } from './admin-commands.js';
import { EXIT } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { masterPassword } from '../secret-input.js';

export async function serveCommand(options: {
  json: boolean;
  passwordFile?: string | undefined;
  port?: number | undefined;
}): Promise<number> {
  // Ctrl-C ends with 130 like every other command; `aikey lock` (SIGTERM) is a normal stop. The
  // handlers go in first, so a signal that comes while the wallet starts still stops it cleanly.
  const stopped = new Promise<number>((resolve) => {
    process.once('SIGINT', () => resolve(EXIT.interrupted));
    process.once('SIGTERM', () => resolve(EXIT.ok));
  });
  const dataDir = defaultDataDir();
  const wallet = createWallet({ dataDir });
  try {
    assertVaultHere(wallet);
  } catch (error) {
    wallet.close();
    throw error;
  }
  try {
    await wallet.vault.unlock(await masterPassword({ passwordFile: options.passwordFile }));
  } catch (error) {
    wallet.close();
    throw error;
  }
  // The user's price overrides (settings.json), read once: edit them, then restart serve.
  const prices = new SettingsStore({ dataDir }).get().priceOverrides;
  let endpoint;
  try {
    endpoint = await startEndpoint({
      wallet,
      dataDir,
      port: options.port ?? DEFAULT_PORT,
      runner: 'serve',
      broker: { prices: () => prices },
    });
  } catch (error) {
    wallet.close();
    throw error;
  }
  if (options.json) printJson({ url: endpoint.url, pid: process.pid });
  else
    printLine(
      `aikey: the wallet is serving ${endpoint.url} (pid ${process.pid}). Stop with Ctrl-C or \`aikey lock\`.`,
    );
  const exitCode = await stopped;
  await endpoint.close();
  wallet.close();
  if (!options.json) printLine('aikey: stopped; the vault is locked.');
  return exitCode;
}
