// Part 8: leaks. After everything else ran against the vault, the planted key is searched for, as
// plain text, hex, base64 (every alignment, standard and url-safe) and UTF-16, in: every file under
// the data directory (vault.db and its WAL, backups, tokens.db, endpoint.json…, while serve runs
// and after it stopped), all that serve, the hub and every command printed (a successful `aikey
// get`'s stdout excepted: printing the key is its job), `ps -eo args` while serve runs,
// /proc/<serve pid>/environ and cmdline, and the audit log. Expect 0 hits.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { heading, report } from '../lib.js';
import { runAikey, startServe } from './processes.js';
import { PROVIDER, runPart, type PartResult, type TrustWorld } from './world.js';

/** Every encoding a careless log, dump or config could hold the key in. */
export function needles(secret: string): { name: string; bytes: Buffer }[] {
  const plain = Buffer.from(secret, 'utf8');
  const list = [
    { name: 'plain', bytes: plain },
    { name: 'hex', bytes: Buffer.from(plain.toString('hex')) },
    { name: 'HEX', bytes: Buffer.from(plain.toString('hex').toUpperCase()) },
    { name: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
  ];
  // base64 of the key at any offset in a larger blob: encode from each of three starting bytes and
  // keep only the characters that do not depend on the neighbours.
  for (let shift = 0; shift < 3; shift += 1) {
    const part = plain.subarray(shift);
    const whole = part.subarray(0, part.length - (part.length % 3));
    for (const encoding of ['base64', 'base64url'] as const)
      list.push({ name: `${encoding}+${shift}`, bytes: Buffer.from(whole.toString(encoding)) });
  }
  return list;
}

export interface Hit {
  where: string;
  encoding: string;
}

export function search(where: string, haystack: Buffer, secret: string): Hit[] {
  return needles(secret)
    .filter((n) => haystack.includes(n.bytes))
    .map((n) => ({ where, encoding: n.name }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
}

export function leaks(world: TrustWorld): Promise<PartResult> {
  return runPart('leaks', async (failures) => {
    heading('Part 8. Leaks: the planted key searched for everywhere it must not be');
    const hits: Hit[] = [];
    let files = 0;
    let bytes = 0;
    const scanFiles = (moment: string) => {
      for (const file of filesUnder(world.home)) {
        let content: Buffer;
        try {
          content = readFileSync(file);
        } catch {
          continue;
        }
        files += 1;
        bytes += content.length;
        hits.push(...search(`${file.slice(world.home.length + 1)} (${moment})`, content, world.planted));
      }
    };
    const serve = await startServe(world);
    const client = { AIKEY_URL: serve.url, AIKEY_TOKEN: world.token };
    let sources = 0;
    try {
      const got = await runAikey(world, ['get', PROVIDER], { env: client });
      if (got.stdout.trim() !== world.planted)
        failures.push(`aikey get did not print the planted key (exit ${got.code})`);
      await runAikey(world, ['env', '--format', 'dotenv'], { env: client });
      await runAikey(world, ['exec', '--', 'true'], { env: client });
      await runAikey(world, ['status'], { env: client });
      const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
      hits.push(...search('ps -eo args', ps.stdout, world.planted));
      for (const part of ['environ', 'cmdline'])
        hits.push(
          ...search(`/proc/<serve>/${part}`, readFileSync(`/proc/${serve.pid}/${part}`), world.planted),
        );
      sources += 3;
      scanFiles('serve running');
    } finally {
      await serve.stop();
    }
    scanFiles('serve stopped');
    const audit = await runAikey(world, [
      'audit',
      '--json',
      '--limit',
      '500',
      '--password-file',
      world.passwordFile,
    ]);
    if (audit.code !== 0) failures.push(`aikey audit exited ${audit.code}: ${audit.stderr.trim()}`);
    const entries =
      audit.code === 0 ? (JSON.parse(audit.stdout) as { entries: unknown[] }).entries.length : 0;
    hits.push(...search('aikey audit --json', Buffer.from(audit.stdout), world.planted));
    const texts = world.transcript.texts();
    for (const [where, text] of texts) hits.push(...search(where, Buffer.from(text), world.planted));
    sources += texts.length + 1;
    report(
      'files scanned under the data directory (twice)',
      `${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
    );
    report(
      'outputs scanned (serve, hub, every command), ps, /proc, audit',
      `${sources} sources, ${entries} audit entries`,
    );
    report('hits for the planted key (plain, hex, base64, utf-16)', String(hits.length), {
      ok: hits.length === 0,
      text: '0',
    });
    for (const hit of hits.slice(0, 20))
      failures.push(`the planted key (${hit.encoding}) found in ${hit.where}`);
    return `${files} files, ${sources} outputs, ps, /proc, audit: ${hits.length} hits`;
  });
}
