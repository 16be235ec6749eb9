// Conceals injected secrets in a child's output before it reaches a log, a CI transcript or an
// agent's context: every occurrence of a secret becomes `<concealed by aikey>`. Matching is on bytes
// (Aho–Corasick over the secrets' byte classes: one table lookup per byte whatever the number of
// secrets), so binary output passes unchanged except for the secret bytes. Across chunk boundaries
// only the bytes that could still begin a secret are held back (at most the longest secret's length
// minus one), and they are released at the end. Secrets shorter than MIN_MASKED_LENGTH are not
// searched for: they would hide ordinary words, and no provider issues keys that short.
import { Transform, type TransformCallback } from 'node:stream';

export const CONCEALED = '<concealed by aikey>';
export const MIN_MASKED_LENGTH = 8;
const MARKER = Buffer.from(CONCEALED);
/** Beyond this many distinct first bytes, looking each up costs more than stepping. */
const MAX_JUMP_BYTES = 4;

/** The automaton for one set of secrets; shared by the stdout and stderr maskers of one command. */
export class SecretMatcher {
  /** Byte -> class; class 0 is every byte that occurs in no secret. */
  readonly classes = new Uint8Array(256);
  readonly width: number;
  /** Dense transitions: state * width + class -> state. */
  readonly next: Int32Array;
  /** Per state: the length of the longest secret that ends there (0: none). */
  readonly longest: Int32Array;
  /** Per state: how many of the last bytes read may still begin a secret. */
  readonly depth: Int32Array;
  readonly maxLength: number;
  readonly size: number;
  /**
   * The bytes that begin a secret, when there are few: from the start state the scan jumps to the
   * next of them with Buffer#indexOf (native) instead of stepping byte by byte. Null: too many.
   */
  readonly firstBytes: Uint8Array | null;

  constructor(secrets: Iterable<string>) {
    const patterns = [...new Set([...secrets].filter((s) => s.length >= MIN_MASKED_LENGTH))].map((s) =>
      Buffer.from(s, 'utf8'),
    );
    this.size = patterns.length;
    let classCount = 1;
    for (const pattern of patterns)
      for (const byte of pattern) if (this.classes[byte] === 0) this.classes[byte] = classCount++;
    const width = classCount;
    const capacity = patterns.reduce((sum, p) => sum + p.length, 1);
    const next = new Int32Array(capacity * width).fill(-1);
    const longest = new Int32Array(capacity);
    const depth = new Int32Array(capacity);
    let states = 1;
    for (const pattern of patterns) {
      let state = 0;
      for (const byte of pattern) {
        const slot = state * width + this.classes[byte]!;
        if (next[slot] === -1) {
          next[slot] = states;
          depth[states] = depth[state]! + 1;
          states += 1;
        }
        state = next[slot]!;
      }
      longest[state] = Math.max(longest[state]!, pattern.length);
    }
    // Breadth first, so each state's fallback (a shorter suffix) is complete before the state.
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < width; c += 1) {
      const target = next[c]!;
      if (target === -1) next[c] = 0;
      else queue.push(target);
    }
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head]!;
      const fallback = fail[state]!;
      longest[state] = Math.max(longest[state]!, longest[fallback]!);
      for (let c = 0; c < width; c += 1) {
        const slot = state * width + c;
        const target = next[slot]!;
        const via = next[fallback * width + c]!;
        if (target === -1) next[slot] = via;
        else {
          fail[target] = via;
          queue.push(target);
        }
      }
    }
    this.width = width;
    this.next = next.subarray(0, states * width);
    this.longest = longest;
    this.depth = depth;
    this.maxLength = patterns.reduce((max, p) => Math.max(max, p.length), 0);
    const first = new Set(patterns.map((p) => p[0]!));
    this.firstBytes = first.size <= MAX_JUMP_BYTES ? Uint8Array.from(first) : null;
  }
}

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
    const { classes, next, longest, depth, width } = this.matcher;
    const offset = this.held.length;
    const buf = offset === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const { starts, ends } = this;
    let found = starts.length;
    let state = this.state;
    const firstBytes = this.matcher.firstBytes;
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
      state = next[state * width + classes[buf[i]!]!]!;
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
