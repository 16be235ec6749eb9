// Output masking as `exec` and `run` apply it: throughput in MB/s with 50 secrets over log-like text
// and over binary bytes, and the latency it adds to each line, each beside a pass-through Transform
// measured in the same run (the ratio is the figure that travels between machines).
import { randomBytes } from 'node:crypto';
import { PassThrough, Transform } from 'node:stream';
import { OutputMasker, SecretMatcher } from '#cli/output-masking.js';
import { heading, median, percentile, report } from './lib.js';

const SECRETS = Array.from(
  { length: 50 },
  (_, i) => `sk-proj-${randomBytes(30).toString('base64url')}${i.toString().padStart(2, '0')}`,
);
const CHUNK = 64 * 1024;

function logText(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    // One line in 500 carries a key; the rest look like a build or agent log (many "s" and "sk").
    const line =
      i % 500 === 0
        ? `2026-11-29T18:00:00Z INFO using key ${SECRETS[i % 50]} for request ${i}\n`
        : `2026-11-29T18:00:00Z INFO task ${i} status=success skipped=0 tasks=${i % 97} sk-style words\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''));
}

/** MB/s of pushing `input` through the transform in 64 KiB chunks, best of `runs`. */
async function throughput(make: () => Transform, input: Buffer, runs = 5): Promise<number> {
  let best = 0;
  for (let run = 0; run < runs; run += 1) {
    const stream = make();
    let out = 0;
    stream.on('data', (c: Buffer) => (out += c.length));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    const start = performance.now();
    for (let at = 0; at < input.length; at += CHUNK) stream.write(input.subarray(at, at + CHUNK));
    stream.end();
    await ended;
    const seconds = (performance.now() - start) / 1000;
    best = Math.max(best, input.length / 1e6 / seconds);
  }
  return best;
}

/** Microseconds from writing one line to reading it back out, per line, over `lines` lines. */
async function lineLatency(make: () => Transform, lines: number): Promise<number[]> {
  const stream = make();
  const samples: number[] = [];
  const line = Buffer.from('2026-11-29T18:00:00Z INFO step done, nothing secret here\n');
  let pending: (() => void) | null = null;
  stream.on('data', () => pending?.());
  for (let i = 0; i < lines; i += 1) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      pending = resolve;
      stream.write(line);
    });
    samples.push((performance.now() - start) * 1000);
  }
  stream.end();
  return samples.sort((a, b) => a - b);
}

const buildStart = performance.now();
const matcher = new SecretMatcher(SECRETS);
const buildMs = performance.now() - buildStart;
const masked = () => new OutputMasker(matcher);
const passThrough = () => new PassThrough();
const NEEDLES = SECRETS.map((secret) => Buffer.from(secret));
/** The obvious alternative's cost (not a correct masker): one native indexOf pass per secret. */
const perSecretSearch = () =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let hits = 0;
      for (const needle of NEEDLES)
        for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + 1)) hits += 1;
      done(null, hits >= 0 ? chunk : null);
    },
  });

heading(`Output masking, 50 secrets of ${SECRETS[0]!.length} bytes (best of 5, 64 KiB chunks)`);
report(
  'matcher built',
  `${buildMs.toFixed(2)} ms, ${((matcher.next.length * 4) / 1024).toFixed(0)} KiB of full rows`,
);
for (const [label, input] of [
  ['log text, 32 MB', logText(32e6)],
  ['random binary, 32 MB', randomBytes(32e6)],
] as const) {
  const base = await throughput(passThrough, input);
  const mask = await throughput(masked, input);
  const naive = await throughput(perSecretSearch, input);
  report(`${label}: pass-through`, `${base.toFixed(0)} MB/s`);
  report(`${label}: 50 indexOf passes (reference)`, `${naive.toFixed(0)} MB/s`);
  report(`${label}: masked`, `${mask.toFixed(0)} MB/s  (${(base / mask).toFixed(2)}x slower)`, {
    ok: mask >= 100,
    text: '>= 100 MB/s',
  });
}

heading('Added latency per line (20 000 lines, each read back before the next is written)');
const baseLines = await lineLatency(passThrough, 20_000);
const maskLines = await lineLatency(masked, 20_000);
for (const [label, p] of [
  ['median', 50],
  ['p99', 99],
] as const) {
  const base = percentile(baseLines, p);
  const mask = percentile(maskLines, p);
  report(
    `per line ${label}`,
    `${mask.toFixed(1)} µs vs ${base.toFixed(1)} µs pass-through (+${(mask - base).toFixed(1)} µs)`,
    {
      ok: mask - base <= 50,
      text: '<= +50 µs',
    },
  );
}
report('median ratio', `${(median(maskLines) / median(baseLines)).toFixed(2)}x pass-through`);
