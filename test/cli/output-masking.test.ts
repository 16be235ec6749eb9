// The masker on its own: every secret becomes the marker whatever the chunking (split at every
// boundary, one byte at a time, random), overlapping and adjacent secrets, binary output, several MB,
// and output that is not a secret comes through at once rather than waiting for the end.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { masksOutput } from '#cli/child-runner.js';
import { CONCEALED, OutputMasker, SecretMatcher } from '#cli/output-masking.js';

const MARKER = Buffer.from(CONCEALED);

/** The expected output, computed the slow obvious way: every occurrence, merged, replaced. */
function naiveMask(input: Buffer, secrets: readonly string[]): Buffer {
  const spans: [number, number][] = [];
  for (const secret of new Set(secrets.filter((s) => s.length >= 8))) {
    const needle = Buffer.from(secret);
    for (let at = input.indexOf(needle); at >= 0; at = input.indexOf(needle, at + 1))
      spans.push([at, at + needle.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const pieces: Buffer[] = [];
  let position = 0;
  for (const [start, end] of merged) {
    pieces.push(input.subarray(position, start), MARKER);
    position = end;
  }
  pieces.push(input.subarray(position));
  return Buffer.concat(pieces);
}

async function mask(matcher: SecretMatcher, chunks: readonly Buffer[]): Promise<Buffer> {
  const masker = new OutputMasker(matcher);
  const out: Buffer[] = [];
  masker.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => masker.on('end', resolve));
  for (const chunk of chunks) masker.write(chunk);
  masker.end();
  await ended;
  return Buffer.concat(out);
}

const SECRETS = [`sk-proj-${'Xy7'.repeat(16)}Q9z0`, `sk-ant-api03-${'Zq8'.repeat(30)}a1B2`, 'gsk_a1a1a1a1'];

describe('OutputMasker', () => {
  it('conceals a secret split at every possible boundary, in two chunks and one byte at a time', async () => {
    const matcher = new SecretMatcher(SECRETS);
    const text = Buffer.from(`key=${SECRETS[0]} and ${SECRETS[1]}\n${SECRETS[2]}${SECRETS[2]}.`);
    const expected = `key=${CONCEALED} and ${CONCEALED}\n${CONCEALED}.`;
    for (let cut = 0; cut <= text.length; cut += 1) {
      const out = await mask(matcher, [text.subarray(0, cut), text.subarray(cut)]);
      expect([cut, out.toString()]).toEqual([cut, expected]);
    }
    const bytewise = await mask(
      matcher,
      [...text].map((b) => Buffer.from([b])),
    );
    expect(bytewise.toString()).toBe(expected);
  });

  it('conceals overlapping, nested and adjacent secrets as one marker, never a byte of any', async () => {
    const secrets = ['bcdefghi', 'abcdefghijkl', 'ijklmnopq', 'XXXXXXXX'];
    const matcher = new SecretMatcher(secrets);
    const text = Buffer.from('_abcdefghijklmnopq_ bcdefghi XXXXXXXXXXXXXXXXX abcdefghi_');
    const expected = naiveMask(text, secrets);
    expect(expected.toString()).toBe(`_${CONCEALED}_ ${CONCEALED} ${CONCEALED} a${CONCEALED}_`);
    for (let cut = 0; cut <= text.length; cut += 1) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        const out = await mask(matcher, [
          text.subarray(0, cut),
          text.subarray(cut, cut2),
          text.subarray(cut2),
        ]);
        expect([cut, cut2, out.toString()]).toEqual([cut, cut2, expected.toString()]);
      }
    }
  });

  it('matches the obvious masking for any text, secrets and chunking (property)', async () => {
    const alphabet = fc.constantFrom(...'abcsk-_XY\n'.split(''));
    const secret = fc.string({ unit: alphabet, minLength: 8, maxLength: 14 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(secret, { minLength: 1, maxLength: 6 }),
        fc.array(fc.oneof(fc.string({ unit: alphabet, maxLength: 12 }), fc.nat()), { maxLength: 30 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 10 }),
        // How deep the full transition rows go: 1 and 3 send the search through the sparse states.
        fc.constantFrom(1, 3, 16),
        async (secrets, parts, cuts, denseDepth) => {
          // Text made of ordinary runs and whole secrets, so matches are common.
          const text = Buffer.from(
            parts.map((p) => (typeof p === 'number' ? secrets[p % secrets.length] : p)).join(''),
          );
          const chunks: Buffer[] = [];
          let at = 0;
          for (const cut of cuts) {
            chunks.push(text.subarray(at, Math.min(text.length, at + cut)));
            at = Math.min(text.length, at + cut);
          }
          chunks.push(text.subarray(at));
          const out = await mask(new SecretMatcher(secrets, denseDepth), chunks);
          expect(out.toString()).toBe(naiveMask(text, secrets).toString());
        },
      ),
      { numRuns: 400 },
    );
  });

  it('passes binary output unchanged except the secret bytes', async () => {
    const matcher = new SecretMatcher(SECRETS);
    const noise = randomBytes(256 * 1024);
    const input = Buffer.concat([noise.subarray(0, 1000), Buffer.from(SECRETS[0]!), noise.subarray(1000)]);
    const chunks = [];
    for (let at = 0; at < input.length; at += 4093) chunks.push(input.subarray(at, at + 4093));
    const out = await mask(matcher, chunks);
    expect(out.equals(naiveMask(input, SECRETS))).toBe(true);
    expect(out.equals(Buffer.concat([noise.subarray(0, 1000), MARKER, noise.subarray(1000)]))).toBe(true);
  });

  it('masks several MB with secrets throughout, at 64 KiB chunks', async () => {
    const many = Array.from(
      { length: 50 },
      (_, i) => `sk-proj-${i.toString().padStart(2, '0')}${'k'.repeat(40)}`,
    );
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i += 1)
      lines.push(i % 7 === 0 ? `line ${i} ${many[i % 50]}` : `line ${i} nothing here`);
    const input = Buffer.from(lines.join('\n'));
    expect(input.length).toBeGreaterThan(1_000_000);
    const chunks = [];
    for (let at = 0; at < input.length; at += 65_536) chunks.push(input.subarray(at, at + 65_536));
    const out = await mask(new SecretMatcher(many), chunks);
    expect(out.equals(naiveMask(input, many))).toBe(true);
    expect(out.includes('kkkkkkkkkk')).toBe(false);
  });

  it('writes a line at once; holds back only bytes that may begin a secret, and releases them at the end', async () => {
    const masker = new OutputMasker(new SecretMatcher(SECRETS));
    const out: string[] = [];
    masker.on('data', (c: Buffer) => out.push(c.toString()));
    const written = (chunk: string) => new Promise<void>((resolve) => masker.write(chunk, () => resolve()));
    await written('first line\n');
    expect(out.join('')).toBe('first line\n');
    await written('then sk-pr');
    expect(out.join('')).toBe('first line\nthen ');
    const ended = new Promise((resolve) => masker.on('end', resolve));
    masker.end();
    await ended;
    expect(out.join('')).toBe('first line\nthen sk-pr');
  });

  it("keeps memory to the secrets' total length: 50 keys of 8 KiB", async () => {
    const long = Array.from({ length: 50 }, (_, i) => `${i}-${randomBytes(6144).toString('base64')}`);
    const matcher = new SecretMatcher(long);
    expect(matcher.next.length * 4).toBeLessThan(1024 * 1024);
    const input = Buffer.from(`a ${long[7]} b ${long[49]!.slice(0, 100)} c`);
    expect((await mask(matcher, [input])).toString()).toBe(`a ${CONCEALED} b ${long[49]!.slice(0, 100)} c`);
  });

  it('leaves values shorter than 8 characters alone (they would hide ordinary words)', async () => {
    const out = await mask(new SecretMatcher(['abc', 'short12']), [Buffer.from('abc short12')]);
    expect(out.toString()).toBe('abc short12');
  });
});

describe('when masking applies', () => {
  it('auto masks what is not a terminal; --mask forces it; --no-masking never; no secrets, nothing to do', () => {
    expect(masksOutput('auto', false, 1)).toBe(true);
    expect(masksOutput('auto', true, 1)).toBe(false);
    expect(masksOutput('on', true, 1)).toBe(true);
    expect(masksOutput('off', false, 1)).toBe(false);
    expect(masksOutput('on', false, 0)).toBe(false);
  });
});
