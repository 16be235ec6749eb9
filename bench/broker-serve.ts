// The broker under benchmark, in its own process: a throwaway wallet with one OpenAI key whose base
// URL is the mock provider, the loopback endpoint on a free port, and one access token. Prints
// {"port","token"} on stdout (a pipe to the benchmark, never argv) and serves until killed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { startEndpoint } from '#core/endpoint/server.js';
import { createWallet } from '#core/wallet.js';

const upstream = process.env.BENCH_UPSTREAM;
if (!upstream) throw new Error('BENCH_UPSTREAM is not set');
const wallet = createWallet({
  dataDir: join(mkdtempSync(join(tmpdir(), 'aikey-broker-bench-')), 'data'),
  kdf: KDF_FLOOR,
});
await wallet.vault.create('correct horse battery staple 42!');
wallet.keys.create({ provider: 'openai', secret: `sk-proj-${'b'.repeat(48)}`, baseUrl: `${upstream}/v1` });
const { token } = wallet.tokens.create({ name: 'bench' });
const endpoint = await startEndpoint({ wallet, dataDir: wallet.vault.paths.dir, port: 0, runner: 'serve' });
process.stdout.write(`${JSON.stringify({ port: endpoint.port, token })}\n`);
// A clean exit on SIGINT/SIGTERM, so `node --cpu-prof` can write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void endpoint.close().then(() => process.exit(0));
  });
}
