// Reads token usage out of provider responses as they pass, without holding them up: the `usage`
// object of a JSON answer (OpenAI chat, completions, embeddings, responses; Anthropic messages;
// Google's usageMetadata) and the usage events of a server-sent-event stream (OpenAI's final usage
// chunk, the responses API's response.completed, Anthropic's message_start and message_delta,
// Google's cumulative usageMetadata). Only data lines that mention usage or, until it is known, the
// model are parsed, so a long stream costs one string scan per chunk. Nothing here keeps a body.
import { StringDecoder } from 'node:string_decoder';

export interface Usage {
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
}

/** A JSON answer larger than this is passed on without reading its usage (no provider sends one). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;

export function emptyUsage(model: string | null = null): Usage {
  return { model, inputTokens: null, outputTokens: null, cachedInputTokens: null };
}

/**
 * Folds one parsed answer or event into the running usage. Later figures replace earlier ones
 * (Anthropic's message_delta carries the final output count; Google's counts are cumulative).
 * Input counts include cached input, as OpenAI reports them; cached input is also kept apart.
 */
export function foldUsage(into: Usage, event: unknown): void {
  const root = obj(event);
  if (!root) return;
  const response = obj(root.response);
  const message = obj(root.message);
  const model = root.model ?? response?.model ?? message?.model ?? root.modelVersion;
  if (into.model === null && typeof model === 'string' && model !== '') into.model = model.slice(0, 200);
  const usage = obj(root.usage) ?? obj(response?.usage) ?? obj(message?.usage);
  if (usage) {
    const cacheRead = num(usage.cache_read_input_tokens);
    const cacheWrite = num(usage.cache_creation_input_tokens);
    const input = num(usage.prompt_tokens) ?? num(usage.input_tokens);
    const output = num(usage.completion_tokens) ?? num(usage.output_tokens);
    const cached =
      num(obj(usage.prompt_tokens_details)?.cached_tokens) ??
      num(obj(usage.input_tokens_details)?.cached_tokens) ??
      cacheRead;
    // Anthropic counts cache reads and writes apart from input_tokens.
    if (input !== null) into.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
    if (output !== null) into.outputTokens = output;
    if (cached !== null) into.cachedInputTokens = cached;
  }
  const meta = obj(root.usageMetadata);
  if (meta) {
    const input = num(meta.promptTokenCount);
    const output = num(meta.candidatesTokenCount);
    const thoughts = num(meta.thoughtsTokenCount);
    if (input !== null) into.inputTokens = input;
    if (output !== null || thoughts !== null) into.outputTokens = (output ?? 0) + (thoughts ?? 0);
    const cached = num(meta.cachedContentTokenCount);
    if (cached !== null) into.cachedInputTokens = cached;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export type MeterMode = 'json' | 'sse' | 'none';

export function meterModeFor(contentType: string | undefined): MeterMode {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('text/event-stream')) return 'sse';
  if (type.startsWith('application/json')) return 'json';
  return 'none';
}

/**
 * Watches the bytes of one response. With `stripIncludedUsage` (the broker asked an OpenAI stream
 * for usage the client did not ask for) it also rewrites the stream so the client sees exactly what
 * it asked for: the final usage-only chunk is dropped and the `"usage":null` each other chunk then
 * carries is taken out. That needs whole events, so in that mode output waits for each event's blank
 * line (events arrive whole in practice); otherwise bytes pass through untouched.
 */
export class UsageMeter {
  readonly usage: Usage;
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private jsonChunks: Buffer[] = [];
  private jsonBytes = 0;

  constructor(
    private readonly mode: MeterMode,
    private readonly stripIncludedUsage: boolean,
    model: string | null,
  ) {
    this.usage = emptyUsage(model);
  }

  /** Whether write() may return something other than the chunk it was given. */
  get rewrites(): boolean {
    return this.mode === 'sse' && this.stripIncludedUsage;
  }

  /** Sees one chunk; returns what to send on (the same chunk unless the stream is rewritten). */
  write(chunk: Buffer): Buffer {
    if (this.mode === 'json') {
      this.jsonBytes += chunk.length;
      if (this.jsonBytes <= MAX_JSON_BYTES) this.jsonChunks.push(chunk);
      else this.jsonChunks = [];
      return chunk;
    }
    if (this.mode !== 'sse') return chunk;
    this.pending += this.decoder.write(chunk);
    return this.rewrites ? Buffer.from(this.takeEvents(), 'utf8') : (this.scanLines(), chunk);
  }

  /** The end of the response; returns anything still held back. */
  end(): Buffer {
    if (this.mode === 'json') {
      if (this.jsonBytes <= MAX_JSON_BYTES && this.jsonChunks.length > 0) {
        foldUsage(this.usage, parseJson(Buffer.concat(this.jsonChunks).toString('utf8')));
      }
      this.jsonChunks = [];
      return Buffer.alloc(0);
    }
    if (this.mode !== 'sse') return Buffer.alloc(0);
    this.pending += this.decoder.end();
    if (!this.rewrites) {
      this.pending += '\n';
      this.scanLines();
      return Buffer.alloc(0);
    }
    const rest = this.takeEvents() + this.rewriteEvent(this.pending);
    this.pending = '';
    return Buffer.from(rest, 'utf8');
  }

  /** Tap mode: read each complete line, keep the unfinished tail. */
  private scanLines(): void {
    let start = 0;
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      this.readLine(this.pending.slice(start, newline));
      start = newline + 1;
      newline = this.pending.indexOf('\n', start);
    }
    this.pending = this.pending.slice(start);
  }

  private readLine(line: string): void {
    if (!line.startsWith('data:')) return;
    if (line.includes('"usage') || (this.usage.model === null && line.includes('"model'))) {
      foldUsage(this.usage, parseJson(line.slice(5).trim()));
    }
  }

  /** Rewrite mode: every complete event (ending in a blank line), rewritten, in order. */
  private takeEvents(): string {
    let out = '';
    let boundary = /\r?\n\r?\n/g.exec(this.pending);
    while (boundary) {
      const end = boundary.index + boundary[0].length;
      out += this.rewriteEvent(this.pending.slice(0, end));
      this.pending = this.pending.slice(end);
      boundary = /\r?\n\r?\n/g.exec(this.pending);
    }
    return out;
  }

  private rewriteEvent(event: string): string {
    if (event === '') return '';
    let sawUsageOnly = false;
    for (const line of event.split(/\r?\n/)) {
      if (!line.startsWith('data:')) continue;
      // Only a chunk carrying usage (or the first naming the model) is worth parsing.
      if (!line.includes('"usage":{') && !(this.usage.model === null && line.includes('"model'))) continue;
      const parsed = obj(parseJson(line.slice(5).trim()));
      if (!parsed) continue;
      foldUsage(this.usage, parsed);
      const choices = parsed.choices;
      if (obj(parsed.usage) && Array.isArray(choices) && choices.length === 0) sawUsageOnly = true;
    }
    if (sawUsageOnly) return '';
    return event.includes('"usage":null')
      ? event.replaceAll(',"usage":null', '').replaceAll('"usage":null,', '')
      : event;
  }
}
