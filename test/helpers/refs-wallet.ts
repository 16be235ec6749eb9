// A wallet endpoint on a free port with a few keys and two tokens, for the tests of aikey://
// references (run, inject, exec), and a child command that prints the variables it was given.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import { SAMPLE_KEYS, tempDir, unlockedWallet } from './temp-wallet.js';

export const WORK = `sk-proj-${'W0rk'.repeat(8)}`;
export const LOCAL = 'sk-local-6f1d0c9a8b7e5d4c3b2a';

export const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

export async function setup() {
  const home = tempDir('aikey-refs-');
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai });
  wallet.keys.create({ provider: 'openai', name: 'work', secret: WORK });
  wallet.keys.create({
    provider: 'custom',
    name: 'local llm',
    secret: LOCAL,
    baseUrl: 'http://127.0.0.1:1/v1',
  });
  const token = wallet.tokens.create({ name: 'all' }).token;
  const anthropicOnly = wallet.tokens.create({ name: 'a', scope: { providers: ['anthropic'] } }).token;
  const env = (presented = token): NodeJS.ProcessEnv => ({ AIKEY_URL: endpoint.url, AIKEY_TOKEN: presented });
  const file = (name: string, text: string) => {
    const path = join(home, name);
    writeFileSync(path, text);
    return path;
  };
  return { home, wallet, endpoint, token, anthropicOnly, env, file };
}

/** A child that prints what it was given; "unset" for a variable it did not get. */
export const show = (...names: string[]) => [
  'sh',
  '-c',
  `printf '%s\\n' ${names.map((n) => `"${n}=\${${n}-unset}"`).join(' ')}`,
];
