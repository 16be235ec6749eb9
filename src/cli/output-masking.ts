// Conceals injected secrets in a child's output before it reaches a log, a CI transcript or an
// agent's context: every occurrence of a secret becomes `<concealed by aikey>`. Matching is on bytes
// (secret-matcher.ts: about one table lookup per byte whatever the number of secrets), so binary
// output passes unchanged except for the secret bytes. Across chunk boundaries only the bytes that
// could still begin a secret are held back (at most the longest secret's length minus one), and they
// are released at the end. Secrets shorter than MIN_MASKED_LENGTH are not searched for: they would
// hide ordinary words, and no provider issues keys that short.
import { Transform, type TransformCallback } from 'node:stream';
import type { SecretMatcher } from './secret-matcher.js';

export { MIN_MASKED_LENGTH, SecretMatcher } from './secret-matcher.js';

export const CONCEALED = '<concealed by aikey>';
const MARKER = Buffer.from(CONCEALED);

/** A byte stream with every secret of `matcher` replaced by CONCEALED. */
export class OutputMasker extends Transform {
  private state = 0;
  /** Bytes read but not yet written: the tail that may begin a secret. */
  private held: Buffer = Buffer.alloc(0);
  /** How many leading bytes of `held` a marker already written stands for. */
  private covered = 0;
  /** Whether the last thing written was a marker: a secret continuing it needs no second one. */
  private endedWithMarker = false;
  /**
   * Secrets found inside `held` ([start, end) offsets, sorted and disjoint): not written yet, as a
   * longer secret found later may begin before them and swallow them into one marker.
   */
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(private readonly matcher: SecretMatcher) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const matcher = this.matcher;
    const { classes, next, row, longest, depth, width } = matcher;
    const offset = this.held.length;
    const buf = offset === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const { starts, ends } = this;
    let found = starts.length;
    let state = this.state;
    const firstBytes = matcher.firstBytes;
    // Where each first byte next occurs at or after the scan (-1: not looked up yet).
    const nextFirst = firstBytes === null ? null : new Int32Array(firstBytes.length).fill(-1);
    const size = buf.length;
    for (let i = offset; i < size; i += 1) {
      if (state === 0 && nextFirst !== null && firstBytes !== null) {
        let target = size;
        for (let k = 0; k < firstBytes.length; k += 1) {
          let at = nextFirst[k]!;
          if (at < i) {
            at = buf.indexOf(firstBytes[k]!, i);
            if (at < 0) at = size;
            nextFirst[k] = at;
          }
          if (at < target) target = at;
        }
        i = target;
        if (i >= size) break;
      }
      const c = classes[buf[i]!]!;
      const r = row[state]!;
      state = r >= 0 ? next[r * width + c]! : matcher.step(state, c);
      const length = longest[state]!;
      if (length !== 0) {
        // The held tail always reaches back to where a secret ending here began.
        let start = i + 1 - length;
        while (found > 0 && start <= ends[found - 1]!) {
          found -= 1;
          start = Math.min(start, starts[found]!);
        }
        starts[found] = start;
        ends[found] = i + 1;
        found += 1;
      }
    }
    starts.length = found;
    ends.length = found;
    this.state = state;
    // Bytes from `boundary` on may still begin a secret; a secret found there waits with them.
    const boundary = buf.length - depth[state]!;
    let ready = 0;
    while (ready < found && starts[ready]! < boundary) ready += 1;
    const pieces: Buffer[] = [];
    const position = this.release(buf, pieces, ready, boundary);
    this.held = Buffer.from(buf.subarray(boundary));
    this.covered = position - boundary;
    this.starts = starts.slice(ready).map((start) => start - boundary);
    this.ends = ends.slice(ready).map((end) => end - boundary);
    this.pushAll(pieces);
    done();
  }

  override _flush(done: TransformCallback): void {
    // The stream ended: the held tail holds whole secrets already found and beginnings of none.
    const pieces: Buffer[] = [];
    this.release(this.held, pieces, this.starts.length, this.held.length);
    this.pushAll(pieces);
    this.held = Buffer.alloc(0);
    done();
  }

  /**
   * Appends buf from `covered` to at least `until`, with the first `count` secrets as markers (the
   * last may reach past `until`); returns where the written part ends.
   */
  private release(buf: Buffer, pieces: Buffer[], count: number, until: number): number {
    let position = this.covered;
    for (let k = 0; k < count; k += 1) {
      const start = Math.max(this.starts[k]!, this.covered);
      const end = this.ends[k]!;
      if (end <= position) continue;
      if (start > position) {
        pieces.push(buf.subarray(position, start));
        this.endedWithMarker = false;
      }
      if (!(start === position && this.endedWithMarker)) pieces.push(MARKER);
      this.endedWithMarker = true;
      position = end;
    }
    if (position < until) {
      pieces.push(buf.subarray(position, until));
      this.endedWithMarker = false;
      position = until;
    }
    return position;
  }

  private pushAll(pieces: Buffer[]): void {
    if (pieces.length === 1) this.push(pieces[0]);
    else if (pieces.length > 1) this.push(Buffer.concat(pieces));
  }
}
