// The broker tests' common start: a mock provider on loopback, an unlocked wallet serving its
// endpoint, an OpenAI and an Anthropic key whose base URLs point at the mock, and one access token.
// Everything started is pushed onto `running`, which the test's afterEach closes.
import { startEndpoint } from '#core/endpoint/server.js';
import { SAMPLE_KEYS, unlockedWallet } from './temp-wallet.js';
import { startMockProvider } from './mock-provider.js';

export async function brokerFixture(running: { close(): Promise<void> }[]) {
  const mock = await startMockProvider();
  running.push(mock);
  const wallet = await unlockedWallet();
  const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0 });
  running.push(endpoint);
  wallet.keys.create({ provider: 'openai', secret: SAMPLE_KEYS.openai, baseUrl: `${mock.url}/v1` });
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic, baseUrl: mock.url });
  const { token, summary } = wallet.tokens.create({ name: 'agent' });
  return { wallet, endpoint, port: endpoint.port, mock, token, tokenId: summary.id };
}
