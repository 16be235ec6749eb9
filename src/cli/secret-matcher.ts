// The multi-secret search behind output masking: an Aho–Corasick automaton over the secrets' bytes,
// so each output byte costs about one table lookup however many secrets there are. Near the start
// of a secret (the first DENSE_DEPTH bytes, where ordinary output spends nearly all its time) every
// state has a full row of transitions; deeper states keep only their children and fall back along
// failure links, so memory and build time grow with the secrets' total length, not length × alphabet
// (50 keys of 8 KiB would otherwise need a table of about 100 MB).

/** Secrets shorter than this are not searched for: they would hide ordinary words. */
export const MIN_MASKED_LENGTH = 8;
const DENSE_DEPTH = 16;
/** Beyond this many distinct first bytes, looking each up costs more than stepping. */
const MAX_JUMP_BYTES = 4;

export class SecretMatcher {
  /** Byte -> class; class 0 is every byte that occurs in no secret. */
  readonly classes = new Uint8Array(256);
  readonly width: number;
  /** Full transition rows of the shallow states: row * width + class -> state. */
  readonly next: Int32Array;
  /** Per state: its row in `next`, or -1 for a deep state. */
  readonly row: Int32Array;
  /** Deep states' children as linked edges: first edge of a state, next edge, class, target. */
  readonly edgeHead: Int32Array;
  readonly edgeNext: Int32Array;
  readonly edgeClass: Uint8Array;
  readonly edgeTarget: Int32Array;
  readonly fail: Int32Array;
  /** Per state: the length of the longest secret that ends there (0: none). */
  readonly longest: Int32Array;
  /** Per state: how many of the last bytes read may still begin a secret. */
  readonly depth: Int32Array;
  readonly maxLength: number;
  /** How many distinct secrets are searched for. */
  readonly size: number;
  /**
   * The bytes that begin a secret, when there are few: from the start state the scan jumps to the
   * next of them with Buffer#indexOf (native) instead of stepping byte by byte. Null: too many.
   */
  readonly firstBytes: Uint8Array | null;

  constructor(secrets: Iterable<string>, denseDepth = DENSE_DEPTH) {
    const patterns = [...new Set([...secrets].filter((s) => s.length >= MIN_MASKED_LENGTH))].map((s) =>
      Buffer.from(s, 'utf8'),
    );
    this.size = patterns.length;
    let classCount = 1;
    for (const pattern of patterns)
      for (const byte of pattern) if (this.classes[byte] === 0) this.classes[byte] = classCount++;
    const width = classCount;
    this.width = width;
    const capacity = patterns.reduce((sum, p) => sum + p.length, 1);
    this.edgeHead = new Int32Array(capacity).fill(-1);
    this.edgeNext = new Int32Array(capacity);
    this.edgeClass = new Uint8Array(capacity);
    this.edgeTarget = new Int32Array(capacity);
    this.fail = new Int32Array(capacity);
    this.longest = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.row = new Int32Array(capacity).fill(-1);

    // The trie: every state but the root is the target of exactly one edge, numbered as the state.
    let states = 1;
    for (const pattern of patterns) {
      let state = 0;
      for (const byte of pattern) {
        const c = this.classes[byte]!;
        let child = this.child(state, c);
        if (child < 0) {
          child = states++;
          this.edgeNext[child] = this.edgeHead[state]!;
          this.edgeClass[child] = c;
          this.edgeTarget[child] = child;
          this.edgeHead[state] = child;
          this.depth[child] = this.depth[state]! + 1;
        }
        state = child;
      }
      this.longest[state] = Math.max(this.longest[state]!, pattern.length);
    }
    let rows = 0;
    for (let s = 0; s < states; s += 1) if (this.depth[s]! < denseDepth) this.row[s] = rows++;
    this.next = new Int32Array(rows * width);

    // Breadth first, so a state's fallback (a shorter suffix) is complete before the state.
    const queue: number[] = [0];
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head]!;
      if (state !== 0) this.longest[state] = Math.max(this.longest[state]!, this.longest[this.fail[state]!]!);
      for (let e = this.edgeHead[state]!; e >= 0; e = this.edgeNext[e]!) {
        const target = this.edgeTarget[e]!;
        this.fail[target] = state === 0 ? 0 : this.step(this.fail[state]!, this.edgeClass[e]!);
        queue.push(target);
      }
      const row = this.row[state]!;
      if (row >= 0) {
        for (let c = 0; c < width; c += 1) {
          const child = this.child(state, c);
          this.next[row * width + c] = child >= 0 ? child : state === 0 ? 0 : this.step(this.fail[state]!, c);
        }
      }
    }
    this.maxLength = patterns.reduce((max, p) => Math.max(max, p.length), 0);
    const first = new Set(patterns.map((p) => p[0]!));
    this.firstBytes = first.size <= MAX_JUMP_BYTES ? Uint8Array.from(first) : null;
  }

  private child(state: number, c: number): number {
    for (let e = this.edgeHead[state]!; e >= 0; e = this.edgeNext[e]!)
      if (this.edgeClass[e] === c) return this.edgeTarget[e]!;
    return -1;
  }

  /** The state after reading a byte of class `c` in `state`. */
  step(state: number, c: number): number {
    let s = state;
    for (;;) {
      const row = this.row[s]!;
      if (row >= 0) return this.next[row * this.width + c]!;
      for (let e = this.edgeHead[s]!; e >= 0; e = this.edgeNext[e]!)
        if (this.edgeClass[e] === c) return this.edgeTarget[e]!;
      s = this.fail[s]!;
    }
  }
}
