// The world a trust run works in: a temp root holding one vault (created through the core API at the
// KDF floor, so every CLI unlock is quick; the header keeps that cost), its password file, a planted
// key with a distinctive value that the leak part later hunts for, and a valid access token. Every
// part talks to it only from outside (bin/aikey.mjs, sockets) except checkVault, which opens the vault
// like the app would to run SQLite's integrity check. close() ends every process and removes the root.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KDF_FLOOR } from '#core/crypto/kdf.js';
import { createWallet } from '#core/wallet.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import { createPrng } from './prng.js';
import { ProcessRegistry, Transcript } from './processes.js';

export const PASSWORD = 'tangerine-glacier-harbor-4471';
export const PROVIDER = 'openai';

export interface TrustWorld {
  root: string;
  /** AIKEY_HOME of the vault every part but the damage copies works on. */
  home: string;
  passwordFile: string;
  /** The openai "default" key: what GET /v1/keys/openai serves, and what must never leak. */
  planted: string;
  /** A valid access token of unlimited scope. */
  token: string;
  transcript: Transcript;
  processes: ProcessRegistry;
  /** A fresh directory under the root. */
  tempDir(name: string): string;
  close(): Promise<void>;
}

/** The outcome of one part: a line for the summary table, and what failed (empty when it passed). */
export interface PartResult {
  part: string;
  summary: string;
  failures: string[];
  seconds: number;
}

/** Times a part and turns an unexpected throw into a failure with its message. */
export async function runPart(
  part: string,
  body: (failures: string[]) => Promise<string>,
): Promise<PartResult> {
  const started = performance.now();
  const failures: string[] = [];
  let summary = '';
  try {
    summary = await body(failures);
  } catch (error) {
    failures.push(`${part} stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { part, summary, failures, seconds: (performance.now() - started) / 1000 };
}

/** TRUST_SCALE (0 < s <= 1) shrinks every count for a quick check. */
export function trustScale(): number {
  const scale = Number(process.env.TRUST_SCALE ?? 1);
  if (!(scale > 0 && scale <= 1)) throw new Error('TRUST_SCALE must be a number in (0, 1].');
  return scale;
}

export function scaled(count: number, min: number, scale = trustScale()): number {
  return Math.max(min, Math.round(count * scale));
}

export async function createWorld(seed: number): Promise<TrustWorld> {
  const root = mkdtempSync(join(tmpdir(), 'aikey-trust-'));
  const processes = new ProcessRegistry();
  const rng = createPrng(seed);
  const home = join(root, 'home');
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  const planted = `sk-proj-TRUSTPLANT${rng.text(40)}`;
  const wallet = createWallet({ dataDir: home, kdf: KDF_FLOOR });
  let token: string;
  try {
    await wallet.vault.create(PASSWORD);
    wallet.keys.create({ provider: PROVIDER, secret: planted });
    wallet.keys.create({ provider: 'anthropic', name: 'work', secret: `sk-ant-api03-${rng.text(90)}` });
    token = wallet.tokens.create({ name: 'trust' }).token;
  } finally {
    wallet.close();
  }
  let dirs = 0;
  return {
    root,
    home,
    passwordFile,
    planted,
    token,
    transcript: new Transcript(),
    processes,
    tempDir(name) {
      const dir = join(root, `${name}-${(dirs += 1)}`);
      mkdirSync(dir, { mode: 0o700 });
      return dir;
    },
    async close() {
      await processes.killAll();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface VaultCheck {
  integrity: string;
  keys: KeySummary[];
  tokenNames: string[];
}

/** Opens a vault in this process (as the app would) and runs SQLite's full integrity check. */
export async function checkVault(home: string): Promise<VaultCheck> {
  const wallet = createWallet({ dataDir: home });
  try {
    await wallet.vault.unlock(PASSWORD);
    const rows = wallet.vault.session().sqlite.pragma('integrity_check') as { integrity_check: string }[];
    return {
      integrity: rows.map((r) => r.integrity_check).join('; '),
      keys: wallet.keys.list(),
      tokenNames: wallet.tokens.list().map((t) => t.name),
    };
  } finally {
    wallet.close();
  }
}
